using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>The de-duplication answers outside the garbage collector: what goes in comes out until it expires, and no longer than about two windows.</summary>
    public sealed class AnswerLogTests
    {
        [Fact]
        public void Keeps_answers_no_reply_and_row_ids_until_they_expire()
        {
            var log = new AnswerLog();
            log.Add("msg-1", "<xml>reply</xml>"u8, hasPayload: true, expiresAt: 100, now: 0);
            log.Add("msg-2", default, hasPayload: false, expiresAt: 100, now: 0);
            log.Add("msg-3", 4_000_000_000_123L, expiresAt: 100, now: 0);
            log.Add("msg-4", ReadOnlySpan<byte>.Empty, hasPayload: true, expiresAt: 100, now: 0);

            Assert.True(log.TryGet("msg-1", 99, out byte[]? reply));
            Assert.Equal("<xml>reply</xml>", Encoding.UTF8.GetString(reply!));
            Assert.True(log.TryGet("msg-2", 99, out byte[]? none));
            Assert.Null(none);
            Assert.True(log.TryGet("msg-3", 99, out long id));
            Assert.Equal(4_000_000_000_123L, id);
            Assert.True(log.TryGet("msg-4", 99, out byte[]? empty));
            Assert.Equal(Array.Empty<byte>(), empty);

            Assert.False(log.TryGet("msg-1", 100, out byte[]? _));
            Assert.False(log.TryGet("msg-3", 100, out long _));
            Assert.False(log.TryGet("msg-5", 0, out byte[]? _));
            Assert.False(log.TryGet("msg-2", 0, out long _)); // no 64-bit value in a record without payload
        }

        [Fact]
        public void A_later_record_for_a_key_replaces_the_earlier_one()
        {
            var log = new AnswerLog();
            log.Add("k", "first"u8, true, expiresAt: 10, now: 0);
            log.Add("k", "second"u8, true, expiresAt: 20, now: 5);

            Assert.True(log.TryGet("k", 15, out byte[]? answer));
            Assert.Equal("second", Encoding.UTF8.GetString(answer!));
            Assert.Equal(1, log.Count);
        }

        [Fact]
        public void Holds_many_keys_and_answers_larger_than_a_chunk()
        {
            var log = new AnswerLog();
            for (int i = 0; i < 200_000; i++)
            {
                log.Add("key " + i, BitConverter.GetBytes(i), true, expiresAt: 1_000, now: 0);
            }

            byte[] large = Enumerable.Range(0, 3 << 20).Select(i => (byte)i).ToArray();
            log.Add("large", large, true, expiresAt: 1_000, now: 0);

            for (int i = 0; i < 200_000; i++)
            {
                Assert.True(log.TryGet("key " + i, 1, out byte[]? payload), "key " + i);
                Assert.Equal(i, BitConverter.ToInt32(payload!));
            }

            Assert.True(log.TryGet("large", 1, out byte[]? back));
            Assert.Equal(large, back);
            Assert.Equal(200_001, log.Count);
        }

        [Fact]
        public void Each_record_lives_its_window_and_memory_holds_about_two_windows()
        {
            // One record per time unit, a window of 1000 units, run for ten windows.
            var log = new AnswerLog();
            const int Window = 1_000;
            int maxCount = 0;
            for (long now = 0; now < 10 * Window; now++)
            {
                log.Add("k" + now, BitConverter.GetBytes(now), true, expiresAt: now + Window, now);
                maxCount = Math.Max(maxCount, log.Count);

                // The oldest record still inside its window is there; the one just past it is not.
                long oldest = Math.Max(0, now - Window + 1);
                Assert.True(log.TryGet("k" + oldest, now, out byte[]? _), $"k{oldest} at {now}");
                if (now >= Window)
                {
                    Assert.False(log.TryGet("k" + (now - Window), now, out byte[]? _));
                }
            }

            Assert.InRange(maxCount, Window, 2 * Window + 1);
        }

        [Fact]
        public void Concurrent_writers_and_readers_see_every_record()
        {
            var log = new AnswerLog();
            Parallel.For(0, 4, worker =>
            {
                for (int i = 0; i < 20_000; i++)
                {
                    string key = $"w{worker}-{i}";
                    log.Add(key, Encoding.UTF8.GetBytes(key), true, expiresAt: long.MaxValue, now: 0);
                    Assert.True(log.TryGet(key, 0, out byte[]? back));
                    Assert.Equal(key, Encoding.UTF8.GetString(back!));
                }
            });

            Assert.Equal(80_000, log.Count);
        }
    }
}
