using System.Threading.Tasks;
using WeChat.OfficialAccount.AspNetCore.State;
using WeChat.OfficialAccount.Http.Tokens;
using Xunit;

namespace WeChat.OfficialAccount.AspNetCore.Tests.State
{
    public sealed class InMemoryStateStoreTests
    {
        private static StateStores Create()
        {
            var time = new ManualTimeProvider();
            return new StateStores(
                new InMemoryWeChatTokenStore(),
                new InMemoryWeChatConversationStore(time),
                new InMemoryWeChatDeliveryStore(time),
                new InMemoryWeChatLock(),
                time);
        }

        [Fact]
        public Task Conversation_round_trips_until_it_expires() => WeChatStateStoreContract.ConversationRoundTripsUntilItExpires(Create());

        [Fact]
        public Task Second_claim_sees_running_then_the_answer() => WeChatStateStoreContract.SecondClaimSeesRunningThenTheAnswer(Create());

        [Fact]
        public Task Abandoned_claim_can_be_claimed_again() => WeChatStateStoreContract.AbandonedClaimCanBeClaimedAgain(Create());

        [Fact]
        public Task Expired_delivery_can_be_claimed_again() => WeChatStateStoreContract.ExpiredDeliveryCanBeClaimedAgain(Create());

        [Fact]
        public Task Twenty_concurrent_claims_have_exactly_one_winner() => WeChatStateStoreContract.ConcurrentClaimsHaveExactlyOneWinner(Create());

        [Fact]
        public Task Stale_token_removal_keeps_the_new_token() => WeChatStateStoreContract.StaleTokenRemovalKeepsTheNewToken(Create());

        [Fact]
        public Task Lock_holders_never_overlap()
        {
            var @lock = new InMemoryWeChatLock();
            return WeChatStateStoreContract.LockHoldersNeverOverlap(@lock, @lock);
        }
    }
}
