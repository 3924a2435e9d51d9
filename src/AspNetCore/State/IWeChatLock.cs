using WeChat.OfficialAccount.Http.Tokens;

namespace WeChat.OfficialAccount.AspNetCore.State
{
    /// <summary>
    /// A lock shared by every instance (a database advisory lock), taken around access_token refreshes so only one
    /// instance calls WeChat while the others wait and then read the refreshed token from the shared token store.
    /// </summary>
    public interface IWeChatLock : IWeChatTokenRefreshLock
    {
    }
}
