using System.Threading;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore.State
{
    /// <summary>
    /// A state store that can say whether it works now. The health check <c>AddWeChatState</c> asks every registered
    /// store that implements it; the SQLite and PostgreSQL stores do, and a custom store may.
    /// </summary>
    public interface IWeChatStateHealth
    {
        /// <summary>
        /// Reaches the store the way a push does and says what it reached, e.g. <c>SQLite /data/wechat.db (2.1 MiB)</c>
        /// (never a password); throws what keeps the store from working.
        /// </summary>
        ValueTask<string> CheckHealthAsync(CancellationToken cancellationToken);
    }
}
