using System;
using System.Text;
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
            Task<byte[]?> Deliver() => Task.FromResult<byte[]?>(Encoding.UTF8.GetBytes("answer " + ++runs));
            TimeSpan window = TimeSpan.FromSeconds(60);

            (byte[]? first, bool firstRepeat) = await deduplicator.RunOnceAsync("k", window, Deliver);
            time.Advance(TimeSpan.FromSeconds(59));
            (byte[]? within, bool withinRepeat) = await deduplicator.RunOnceAsync("k", window, Deliver);
            time.Advance(TimeSpan.FromSeconds(2));
            (byte[]? after, bool afterRepeat) = await deduplicator.RunOnceAsync("k", window, Deliver);

            Assert.Equal(("answer 1", false), (Text(first), firstRepeat));
            Assert.Equal(("answer 1", true), (Text(within), withinRepeat));
            Assert.Equal(("answer 2", false), (Text(after), afterRepeat));
        }

        [Fact]
        public async Task A_failed_delivery_is_not_remembered()
        {
            var deduplicator = new WeChatDeduplicator(new ManualTimeProvider());

            await Assert.ThrowsAsync<InvalidOperationException>(() => deduplicator.RunOnceAsync("k", TimeSpan.FromMinutes(1), () => throw new InvalidOperationException()));
            (byte[]? answer, bool repeat) = await deduplicator.RunOnceAsync("k", TimeSpan.FromMinutes(1), () => Task.FromResult<byte[]?>(null));

            Assert.Equal(((byte[]?)null, false), (answer, repeat));
        }

        [Fact]
        public async Task A_retry_during_the_delivery_waits_for_its_answer_and_a_failure_reaches_it()
        {
            var deduplicator = new WeChatDeduplicator(new ManualTimeProvider());
            var release = new TaskCompletionSource<byte[]?>();
            Task<(byte[]? Answer, bool IsRepeat)> running = deduplicator.RunOnceAsync("k", TimeSpan.FromMinutes(1), () => release.Task);
            Task<(byte[]? Answer, bool IsRepeat)> retry = deduplicator.RunOnceAsync("k", TimeSpan.FromMinutes(1), () => throw new InvalidOperationException("a retry must not run"));

            Assert.False(retry.IsCompleted);
            release.SetResult(Encoding.UTF8.GetBytes("first"));
            Assert.Equal(("first", true), (Text((await retry).Answer), (await retry).IsRepeat));
            Assert.Equal(("first", false), (Text((await running).Answer), (await running).IsRepeat));

            var failing = new TaskCompletionSource<byte[]?>();
            Task<(byte[]? Answer, bool IsRepeat)> broken = deduplicator.RunOnceAsync("broken", TimeSpan.FromMinutes(1), () => failing.Task);
            Task<(byte[]? Answer, bool IsRepeat)> waiting = deduplicator.RunOnceAsync("broken", TimeSpan.FromMinutes(1), () => throw new InvalidOperationException("a retry must not run"));
            failing.SetException(new TimeoutException("handler broke"));
            await Assert.ThrowsAsync<TimeoutException>(() => broken);
            await Assert.ThrowsAsync<TimeoutException>(() => waiting);
            Assert.Equal(("again", false), (Text((await deduplicator.RunOnceAsync("broken", TimeSpan.FromMinutes(1), () => Task.FromResult<byte[]?>(Encoding.UTF8.GetBytes("again")))).Answer), false));
        }

        private static string? Text(byte[]? answer) => answer is null ? null : Encoding.UTF8.GetString(answer);
    }
}
