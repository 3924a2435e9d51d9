using System;
using System.Threading;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.Http.Tokens
{
    /// <summary>
    /// A lock shared by every instance of the application (a database lock), taken around credential refreshes so
    /// that only one instance calls WeChat; the others wait, then read the refreshed value from the shared
    /// <see cref="IWeChatTokenStore"/>. Without one, refreshes are single-flight per process only.
    /// </summary>
    public interface IWeChatTokenRefreshLock
    {
        /// <summary>Waits for the named lock; dispose the result to release it.</summary>
        ValueTask<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken);
    }
}
