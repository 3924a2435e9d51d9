using System;
using System.Threading.Tasks;
using WeChat.OfficialAccount.AspNetCore.State;
using WeChat.OfficialAccount.Http.Tokens;

namespace WeChat.OfficialAccount.AspNetCore.Tests.State
{
    /// <summary>One implementation of the four state services under test, with its clock and its clean-up.</summary>
    internal sealed class StateStores(
        IWeChatTokenStore tokens,
        IWeChatConversationStore conversations,
        IWeChatDeliveryStore deliveries,
        IWeChatLock @lock,
        ManualTimeProvider time,
        Func<ValueTask>? cleanUp = null) : IAsyncDisposable
    {
        public IWeChatTokenStore Tokens { get; } = tokens;

        public IWeChatConversationStore Conversations { get; } = conversations;

        public IWeChatDeliveryStore Deliveries { get; } = deliveries;

        public IWeChatLock Lock { get; } = @lock;

        public ManualTimeProvider Time { get; } = time;

        public static StateStores Of<TStore>(TStore store, ManualTimeProvider time, Func<ValueTask>? cleanUp = null)
            where TStore : IWeChatTokenStore, IWeChatConversationStore, IWeChatDeliveryStore, IWeChatLock =>
            new(store, store, store, store, time, cleanUp);

        public ValueTask DisposeAsync() => cleanUp?.Invoke() ?? default;
    }
}
