using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore.State
{
    /// <summary>
    /// Turns of one sender's pushes across every instance that shares a conversation store, so two pushes of one user
    /// that reach two instances at the same moment still run one after the other and each handler reads what the
    /// previous one saved. A conversation store that several processes share implements it (the PostgreSQL store does);
    /// the webhook keeps the turns within its process itself and asks the store once a push has its process's turn.
    /// </summary>
    public interface IWeChatSenderTurns
    {
        /// <summary>
        /// Takes <paramref name="openId"/>'s turn, waiting while another instance holds it, and reads the sender's
        /// conversation context as the previous holder left it. A turn nobody gives back (its instance died) lapses
        /// <paramref name="lease"/> after it was taken.
        /// </summary>
        /// <param name="openId">The sender.</param>
        /// <param name="lease">How long the turn is held at most.</param>
        /// <param name="cancellationToken">Stops the wait.</param>
        ValueTask<IWeChatSenderTurn> EnterAsync(string openId, TimeSpan lease, CancellationToken cancellationToken);
    }

    /// <summary>A sender's turn taken in a shared store; disposing it gives the turn back without saving anything.</summary>
    public interface IWeChatSenderTurn : IAsyncDisposable
    {
        /// <summary>The sender's conversation context read with the turn: null when there is none or it expired.</summary>
        IReadOnlyDictionary<string, string>? Conversation { get; }

        /// <summary>
        /// Gives the turn back and saves, in the same transaction, what the push left: the sender's changed context, and
        /// — when <see cref="WeChatTurnResult.DeliveryKey"/> is set — the delivery's answer, as
        /// <see cref="IWeChatDeliveryStore.CompleteAsync"/> would record it. The next holder reads what was saved.
        /// </summary>
        /// <param name="result">What to save.</param>
        /// <param name="cancellationToken">Cancels the save.</param>
        ValueTask LeaveAsync(WeChatTurnResult result, CancellationToken cancellationToken);
    }

    /// <summary>What a push saves as it gives its sender's turn back (<see cref="IWeChatSenderTurn.LeaveAsync"/>).</summary>
    /// <param name="Conversation">The sender's changed context, or null to keep the stored one.</param>
    /// <param name="ConversationTimeToLive">How long the saved context lives.</param>
    /// <param name="DeliveryKey">
    /// The delivery whose answer to record, or null to record none: the webhook sets it only when the turn's store is
    /// also the registered <see cref="IWeChatDeliveryStore"/>.
    /// </param>
    /// <param name="Answer">The reply XML as UTF-8, empty for no reply ("success").</param>
    /// <param name="AnswerTimeToLive">How long retries are answered from the record.</param>
    public readonly record struct WeChatTurnResult(
        IReadOnlyDictionary<string, string>? Conversation,
        TimeSpan ConversationTimeToLive,
        string? DeliveryKey,
        ReadOnlyMemory<byte> Answer,
        TimeSpan AnswerTimeToLive);
}
