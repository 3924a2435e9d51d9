using System;
using System.Threading;

namespace WeChat.OfficialAccount.AspNetCore.Tests.State
{
    /// <summary>A clock the expiry tests move by hand.</summary>
    internal sealed class ManualTimeProvider : TimeProvider
    {
        private long _ticks = new DateTimeOffset(2025, 1, 1, 8, 0, 0, TimeSpan.Zero).UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
