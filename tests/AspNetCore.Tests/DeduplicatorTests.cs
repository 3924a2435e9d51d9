using System;
using System.Threading.Tasks;
using WeChat.OfficialAccount.AspNetCore.Tests.State;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    public sealed class DeduplicatorTests
    {
        [Fact]
        public async Task An_answer_is_reused_within_the_window_and_the_delivery_runs_again_after_it()
        {
            var time = new ManualTimeProvider();
            var deduplicator = new WeChatDeduplicator(time);
            int runs = 0;
            Task<string> Deliver() => Task.FromResult("answer " + ++runs);
            TimeSpan window = TimeSpan.FromSeconds(60);

            (string first, bool firstRepeat) = await deduplicator.RunOnceAsync("k", window, Deliver);
            time.Advance(TimeSpan.FromSeconds(59));
            (string within, bool withinRepeat) = await deduplicator.RunOnceAsync("k", window, Deliver);
            time.Advance(TimeSpan.FromSeconds(2));
            (string after, bool afterRepeat) = await deduplicator.RunOnceAsync("k", window, Deliver);

            Assert.Equal(("answer 1", false), (first, firstRepeat));
            Assert.Equal(("answer 1", true), (within, withinRepeat));
            Assert.Equal(("answer 2", false), (after, afterRepeat));
        }

        [Fact]
        public async Task A_failed_delivery_is_not_remembered()
        {
            var deduplicator = new WeChatDeduplicator(new ManualTimeProvider());

            await Assert.ThrowsAsync<InvalidOperationException>(() => deduplicator.RunOnceAsync<string>("k", TimeSpan.FromMinutes(1), () => throw new InvalidOperationException()));
            (string answer, bool repeat) = await deduplicator.RunOnceAsync("k", TimeSpan.FromMinutes(1), () => Task.FromResult("ok"));

            Assert.Equal(("ok", false), (answer, repeat));
        }
    }
}
