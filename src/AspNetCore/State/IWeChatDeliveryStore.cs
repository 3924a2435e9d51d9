using System;
using System.Threading;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore.State
{
    /// <summary>What <see cref="IWeChatDeliveryStore.ClaimAsync"/> found.</summary>
    /// <param name="Claimed">True: this caller owns the delivery and must run the handler, then complete or abandon it.</param>
    /// <param name="Answer">
    /// When not claimed: the finished delivery's answer — the reply XML as UTF-8, empty for no reply ("success") — or null
    /// while it is still running.
    /// </param>
    public readonly record struct WeChatDeliveryClaim(bool Claimed, byte[]? Answer);

    /// <summary>
    /// Delivery records shared by every instance behind a load balancer, so a WeChat retry that lands on another
    /// instance still runs the handler once and gets the first answer. The in-memory de-duplicator covers a single
    /// process; a database store covers many.
    /// </summary>
    public interface IWeChatDeliveryStore
    {
        /// <summary>Claims <paramref name="key"/> atomically, or reports the existing delivery.</summary>
        ValueTask<WeChatDeliveryClaim> ClaimAsync(string key, TimeSpan timeToLive, CancellationToken cancellationToken);

        /// <summary>
        /// Records the answer of a claimed delivery for later retries: the reply XML as UTF-8 (what a retry gets, encrypted
        /// for its own request in safe mode), or empty for no reply ("success").
        /// </summary>
        ValueTask CompleteAsync(string key, ReadOnlyMemory<byte> answer, TimeSpan timeToLive, CancellationToken cancellationToken);

        /// <summary>Releases a claim whose handler failed, so a retry runs it again.</summary>
        ValueTask AbandonAsync(string key, CancellationToken cancellationToken);
    }
}
