using System;
using System.Threading;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>What a handler gets besides its message.</summary>
    public sealed class WeChatHandlerContext
    {
        internal WeChatHandlerContext(WeChatMessage message, IServiceProvider services, bool wasEncrypted, WeChatConversation conversation, CancellationToken cancellationToken)
        {
            Conversation = conversation;
            Message = message;
            Services = services;
            WasEncrypted = wasEncrypted;
            CancellationToken = cancellationToken;
        }

        /// <summary>The message being handled.</summary>
        public WeChatMessage Message { get; }

        /// <summary>The sender's conversation context, kept between messages.</summary>
        public WeChatConversation Conversation { get; }

        /// <summary>The request's services.</summary>
        public IServiceProvider Services { get; }

        /// <summary>Whether the push arrived encrypted (the reply is encrypted the same way).</summary>
        public bool WasEncrypted { get; }

        /// <summary>Cancelled when the application stops (not at the 5-second deadline: late replies still go out).</summary>
        public CancellationToken CancellationToken { get; }
    }
}
