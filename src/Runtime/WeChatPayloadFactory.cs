using System;

namespace WeChat.OfficialAccount
{
    /// <summary>
    /// Puts payload factories together. A project's own <c>*.wechat.json</c> files generate a factory that knows only
    /// their types; combined with the SDK's <see cref="WeChatSpecTypes"/> it parses both the project's events and the
    /// SDK's messages and events.
    /// </summary>
    public static class WeChatPayloadFactory
    {
        /// <summary>
        /// A factory that asks each factory in order and returns the first typed instance, so an earlier factory can
        /// also replace a type of a later one (e.g. an Event the SDK types differently).
        /// </summary>
        /// <param name="factories">The factories, the one to ask first first; e.g. <c>MyBot.WeChatSpecTypes.Instance, WeChatSpecTypes.Instance</c>.</param>
        /// <exception cref="ArgumentException">No factory was given, or one of them is null.</exception>
        public static IWeChatPayloadFactory Combine(params IWeChatPayloadFactory[] factories)
        {
            ArgumentNullException.ThrowIfNull(factories);
            if (factories.Length == 0 || Array.IndexOf(factories, null) >= 0)
            {
                throw new ArgumentException("Pass at least one factory and no null: e.g. Combine(MyBot.WeChatSpecTypes.Instance, WeChatSpecTypes.Instance).", nameof(factories));
            }

            return new Chain((IWeChatPayloadFactory[])factories.Clone());
        }

        private sealed class Chain : IWeChatPayloadFactory
        {
            private readonly IWeChatPayloadFactory[] _factories;

            public Chain(IWeChatPayloadFactory[] factories) => _factories = factories;

            public WeChatMessage? CreateMessage(string msgType) => First(msgType, static (f, key) => f.CreateMessage(key));

            public WeChatEvent? CreateEvent(string eventName) => First(eventName, static (f, key) => f.CreateEvent(key));

            public WeChatReply? CreateReply(string msgType) => First(msgType, static (f, key) => f.CreateReply(key));

            private T? First<T>(string key, Func<IWeChatPayloadFactory, string, T?> create)
                where T : WeChatPayload
            {
                foreach (IWeChatPayloadFactory factory in _factories)
                {
                    if (create(factory, key) is { } payload)
                    {
                        return payload;
                    }
                }

                return null;
            }
        }
    }
}
