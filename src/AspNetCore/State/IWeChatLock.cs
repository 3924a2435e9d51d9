using System;
using System.Threading;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore.State
{
    /// <summary>
    /// A lock shared by every instance (a database advisory lock), taken around access_token refreshes so only one
    /// instance calls WeChat while the others wait and then read the refreshed token from the shared token store.
    /// </summary>
    public interface IWeChatLock
    {
        /// <summary>Waits for the named lock; dispose the result to release it.</summary>
        ValueTask<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken);
    }
}
