using System;

namespace WeChat.OfficialAccount
{
    /// <summary>
    /// A passive reply: the body of the HTTP response to WeChat's POST. Address it with <see cref="AddressTo"/>.
    /// </summary>
    public abstract class WeChatReply : WeChatPayload
    {
        /// <summary>Creates a reply of the given MsgType.</summary>
        /// <param name="msgType">The MsgType value.</param>
        protected WeChatReply(string msgType)
            : base(msgType)
        {
        }

        /// <summary>
        /// Addresses the reply to the sender of <paramref name="inbound"/>: ToUserName and FromUserName swapped,
        /// CreateTime set to now.
        /// </summary>
        /// <param name="inbound">The message being answered.</param>
        /// <param name="timeProvider">Clock to use; the system clock when null.</param>
        public void AddressTo(WeChatMessage inbound, TimeProvider? timeProvider = null)
        {
            ArgumentNullException.ThrowIfNull(inbound);
            ToUserName = inbound.FromUserName;
            FromUserName = inbound.ToUserName;
            CreateTime = (timeProvider ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds();
        }
    }
}
