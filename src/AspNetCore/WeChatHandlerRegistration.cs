using System;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>A handler registered in DI (<c>AddWeChatHandler</c>), applied to each endpoint's handler table when it is mapped.</summary>
    internal sealed class WeChatHandlerRegistration(Action<WeChatHandlers> apply)
    {
        public void Apply(WeChatHandlers handlers) => apply(handlers);
    }
}
