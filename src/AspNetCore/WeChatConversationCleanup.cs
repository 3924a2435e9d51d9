using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WeChat.OfficialAccount.AspNetCore.State;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>
    /// Deletes expired conversation contexts every few minutes, when a conversation store is registered, the first time a
    /// minute after the start: not beside the first pushes, and not as a second report of a database the start found
    /// unreachable (expired contexts are never read meanwhile; the sweep only frees their space).
    /// </summary>
    internal sealed partial class WeChatConversationCleanup : BackgroundService
    {
        internal static readonly TimeSpan FirstSweep = TimeSpan.FromMinutes(1);
        internal static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);
        private readonly IServiceProvider _services;
        private readonly ILogger<WeChatConversationCleanup> _logger;
        private readonly TimeProvider _time;

        public WeChatConversationCleanup(IServiceProvider services, ILogger<WeChatConversationCleanup> logger, TimeProvider time)
        {
            _services = services;
            _logger = logger;
            _time = time;
        }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            if (_services.GetService<IWeChatConversationStore>() is not { } store)
            {
                return;
            }

            try
            {
                await Task.Delay(FirstSweep, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    int removed = await store.RemoveExpiredAsync(stoppingToken).ConfigureAwait(false);
                    Log.Removed(_logger, removed);
                    await Task.Delay(Interval, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    Log.Failed(_logger, ex);
                    await Task.Delay(Interval, _time, stoppingToken).ConfigureAwait(false);
                }
            }
        }

        private static partial class Log
        {
            [LoggerMessage(1, LogLevel.Debug, "Removed {Count} expired WeChat conversation contexts")]
            public static partial void Removed(ILogger logger, int count);

            [LoggerMessage(2, LogLevel.Warning, "Could not remove expired WeChat conversation contexts")]
            public static partial void Failed(ILogger logger, Exception exception);
        }
    }
}
