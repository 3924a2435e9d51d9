using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using WeChat.OfficialAccount.Events;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>Handles one message type; returns the reply, or null for no reply ("success").</summary>
    /// <typeparam name="TMessage">The generated message or event type.</typeparam>
    public delegate ValueTask<WeChatReply?> WeChatHandler<in TMessage>(TMessage message, WeChatHandlerContext context)
        where TMessage : WeChatMessage;

    /// <summary>Runs around every handler (logging, filters); call <paramref name="next"/> to continue.</summary>
    public delegate ValueTask<WeChatReply?> WeChatMiddleware(WeChatMessage message, WeChatHandlerContext context, Func<ValueTask<WeChatReply?>> next);

    /// <summary>
    /// The handler table of one endpoint: typed handlers per message or event type, CLICK handlers by key, a fallback,
    /// and middleware. Dispatch is a dictionary lookup on the parsed message's type — no reflection scanning.
    /// </summary>
    public sealed class WeChatHandlers
    {
        private readonly Dictionary<Type, WeChatHandler<WeChatMessage>> _byType = new();
        private readonly Dictionary<string, WeChatHandler<WeChatMessage>> _clicks = new(StringComparer.Ordinal);
        private readonly List<WeChatMiddleware> _middleware = new();
        private WeChatHandler<WeChatMessage> _fallback = static (_, _) => new ValueTask<WeChatReply?>((WeChatReply?)null);

        /// <summary>Handles every message of type <typeparamref name="TMessage"/> asynchronously.</summary>
        public WeChatHandlers OnAsync<TMessage>(WeChatHandler<TMessage> handler)
            where TMessage : WeChatMessage
        {
            ArgumentNullException.ThrowIfNull(handler);
            _byType[typeof(TMessage)] = (message, context) => handler((TMessage)message, context);
            return this;
        }

        /// <summary>Handles every message of type <typeparamref name="TMessage"/> synchronously.</summary>
        public WeChatHandlers On<TMessage>(Func<TMessage, WeChatHandlerContext, WeChatReply?> handler)
            where TMessage : WeChatMessage
        {
            ArgumentNullException.ThrowIfNull(handler);
            return OnAsync<TMessage>((message, context) => new ValueTask<WeChatReply?>(handler(message, context)));
        }

        /// <summary>
        /// Handles every message of type <typeparamref name="TMessage"/> with <typeparamref name="THandler"/>, resolved per
        /// delivery from the delivery's scope (register it in DI, e.g. with <c>AddWeChatHandler</c>, which also maps it).
        /// </summary>
        public WeChatHandlers On<TMessage, THandler>()
            where TMessage : WeChatMessage
            where THandler : class, IWeChatHandler<TMessage> =>
            OnAsync<TMessage>(static (message, context) => context.Services.GetRequiredService<THandler>().HandleAsync(message, context));

        /// <summary>Handles taps on the menu button whose key is <paramref name="key"/> (use the generated Menus.*.Keys constants).</summary>
        public WeChatHandlers OnClick(string key, Func<ClickEvent, WeChatHandlerContext, WeChatReply?> handler)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
            ArgumentNullException.ThrowIfNull(handler);
            _clicks[key] = (message, context) => new ValueTask<WeChatReply?>(handler((ClickEvent)message, context));
            return this;
        }

        /// <summary>Handles messages no other handler takes (unknown types included). Default: no reply ("success").</summary>
        public WeChatHandlers Fallback(WeChatHandler<WeChatMessage> handler)
        {
            _fallback = handler ?? throw new ArgumentNullException(nameof(handler));
            return this;
        }

        /// <summary>Adds middleware around every handler, outermost first.</summary>
        public WeChatHandlers Use(WeChatMiddleware middleware)
        {
            _middleware.Add(middleware ?? throw new ArgumentNullException(nameof(middleware)));
            return this;
        }

        internal ValueTask<WeChatReply?> InvokeAsync(WeChatMessage message, WeChatHandlerContext context)
        {
            WeChatHandler<WeChatMessage> handler = Resolve(message);
            return _middleware.Count == 0 ? handler(message, context) : Run(0, handler, message, context);
        }

        private ValueTask<WeChatReply?> Run(int index, WeChatHandler<WeChatMessage> handler, WeChatMessage message, WeChatHandlerContext context) =>
            index == _middleware.Count
                ? handler(message, context)
                : _middleware[index](message, context, () => Run(index + 1, handler, message, context));

        private WeChatHandler<WeChatMessage> Resolve(WeChatMessage message)
        {
            if (message is ClickEvent click && click.EventKey is { } key && _clicks.TryGetValue(key, out WeChatHandler<WeChatMessage>? byKey))
            {
                return byKey;
            }

            return _byType.TryGetValue(message.GetType(), out WeChatHandler<WeChatMessage>? handler) ? handler : _fallback;
        }
    }
}
