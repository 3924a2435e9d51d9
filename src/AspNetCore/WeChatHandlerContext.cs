using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>What a handler gets besides its message.</summary>
    public sealed class WeChatHandlerContext
    {
        private readonly IServiceScopeFactory _scopes;
        private AsyncServiceScope? _scope;

        internal WeChatHandlerContext(WeChatMessage message, IServiceScopeFactory scopes, bool wasEncrypted, WeChatConversation conversation, CancellationToken cancellationToken, string? account = null)
        {
            Account = account;
            Conversation = conversation;
            Message = message;
            _scopes = scopes;
            WasEncrypted = wasEncrypted;
            CancellationToken = cancellationToken;
        }

        /// <summary>The message being handled.</summary>
        public WeChatMessage Message { get; }

        /// <summary>The sender's conversation context, kept between messages.</summary>
        public WeChatConversation Conversation { get; }

        /// <summary>
        /// Services for this delivery: a scope of its own, created on first use and disposed when the handler has
        /// finished — also when it finishes after the deadline and the HTTP request is long gone, so scoped services
        /// (a DbContext, say) stay usable for a late reply.
        /// </summary>
        public IServiceProvider Services => (_scope ??= _scopes.CreateAsyncScope()).ServiceProvider;

        /// <summary>
        /// The account the push is for, as named in <c>MapWeChat(pattern, account, …)</c>; null for the application's one
        /// account. A handler shared by several accounts gets the account's API client with
        /// <c>context.Services.GetRequiredKeyedService&lt;WeChatApiClient&gt;(context.Account)</c> (a null key is the
        /// one-account client).
        /// </summary>
        public string? Account { get; }

        /// <summary>Whether the push arrived encrypted (the reply is encrypted the same way).</summary>
        public bool WasEncrypted { get; }

        /// <summary>
        /// Cancelled when the application stops and the host's shutdown timeout (<c>HostOptions.ShutdownTimeout</c>)
        /// runs out with the handler still running: stopping first waits for handlers past the deadline and their late
        /// replies. Never cancelled at the 5-second deadline (late replies still go out).
        /// </summary>
        public CancellationToken CancellationToken { get; }

        /// <summary>Disposes the delivery's scope if the handler used it.</summary>
        internal ValueTask EndAsync() => _scope is { } scope ? scope.DisposeAsync() : default;
    }
}
