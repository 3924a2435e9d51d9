using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    public sealed class ConversationTurnsTests
    {
        [Fact]
        public void A_sender_with_nothing_running_takes_the_turn_at_once_and_is_forgotten_when_done()
        {
            var turns = new ConversationTurns();

            Task? turn = turns.Enter("o1");
            int busyWhileRunning = turns.Busy;
            turns.Leave("o1");

            Assert.Null(turn);
            Assert.Equal(1, busyWhileRunning);
            Assert.Equal(0, turns.Busy);
        }

        [Fact]
        public async Task Waiting_pushes_get_the_turn_in_arrival_order_one_at_a_time()
        {
            var turns = new ConversationTurns();
            Assert.Null(turns.Enter("o1"));
            Task second = turns.Enter("o1")!;
            Task third = turns.Enter("o1")!;
            Assert.Null(turns.Enter("o2"));

            turns.Leave("o1");
            await second.WaitAsync(TimeSpan.FromSeconds(5));
            bool thirdBeforeSecondLeft = third.IsCompleted;
            turns.Leave("o1");
            await third.WaitAsync(TimeSpan.FromSeconds(5));
            turns.Leave("o1");

            Assert.False(thirdBeforeSecondLeft);
            Assert.Equal(1, turns.Busy); // o2 still runs
            turns.Leave("o2");
            Assert.Equal(0, turns.Busy);
        }

        [Fact]
        public void Leaving_a_turn_nobody_holds_is_a_bug_and_says_so()
        {
            var turns = new ConversationTurns();

            var error = Assert.Throws<InvalidOperationException>(() => turns.Leave("o1"));

            Assert.Contains("'o1'", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Many_pushes_of_a_few_senders_never_overlap_per_sender()
        {
            var turns = new ConversationTurns();
            int[] running = new int[4];
            int overlaps = 0;

            await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(async () =>
            {
                string sender = "o" + (i % 4);
                if (turns.Enter(sender) is { } turn)
                {
                    await turn;
                }

                if (Interlocked.Increment(ref running[i % 4]) != 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                await Task.Yield();
                Interlocked.Decrement(ref running[i % 4]);
                turns.Leave(sender);
            })));

            Assert.Equal(0, overlaps);
            Assert.Equal(0, turns.Busy);
        }
    }
}
