using System;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>A handler registered in DI (<c>AddWeChatHandler</c>), applied to each endpoint's handler table when it is mapped.</summary>
    /// <param name="apply">Adds the handler to a table.</param>
    /// <param name="description">The registration as written, e.g. <c>AddWeChatHandler&lt;TextMessage, ShopText&gt;("shop")</c>, for messages about it.</param>
    /// <param name="account">The one account whose endpoint gets it; null for every endpoint.</param>
    internal sealed class WeChatHandlerRegistration(Action<WeChatHandlers> apply, string description, string? account = null)
    {
        public string? Account => account;

        public string Description => description;

        public void Apply(WeChatHandlers handlers) => apply(handlers);
    }
}
