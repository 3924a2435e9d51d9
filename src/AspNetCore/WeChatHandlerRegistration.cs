using System;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>A handler registered in DI (<c>AddWeChatHandler</c>), applied to each endpoint's handler table when it is mapped.</summary>
    /// <param name="apply">Adds the handler to a table.</param>
    /// <param name="account">The one account whose endpoint gets it; null for every endpoint.</param>
    internal sealed class WeChatHandlerRegistration(Action<WeChatHandlers> apply, string? account = null)
    {
        public string? Account => account;

        public void Apply(WeChatHandlers handlers) => apply(handlers);
    }
}
