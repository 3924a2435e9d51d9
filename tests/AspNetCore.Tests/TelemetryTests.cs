using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;
using WeChat.OfficialAccount.Tests.Http;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>The ActivitySource and Meter fire for requests, handler time, de-duplication, deadline fallbacks, tokens and API errors.</summary>
    public sealed class TelemetryTests
    {
        [Fact]
        public async Task Instruments_fire()
        {
            var measurements = new ConcurrentBag<string>();
            var activities = new ConcurrentBag<string>();
            using var meters = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == WeChatTelemetry.Name)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            meters.SetMeasurementEventCallback<long>((instrument, _, _, _) => measurements.Add(instrument.Name));
            meters.SetMeasurementEventCallback<double>((instrument, _, _, _) => measurements.Add(instrument.Name));
            meters.Start();
            using var traces = new ActivityListener
            {
                ShouldListenTo = source => source.Name == WeChatTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = activity => activities.Add(activity.DisplayName),
            };
            ActivitySource.AddActivityListener(traces);

            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            api.Handler = _ => Task.FromResult(FakeResponse.Json("{\"errcode\":45015,\"errmsg\":\"response out of time limit\"}"));
            await using var host = await WebhookHost.StartAsync(
                h => h.OnAsync<TextMessage>(async (m, _) =>
                {
                    if (m.Content == "slow")
                    {
                        await Task.Delay(600);
                    }

                    return new TextReply { Content = "ok" };
                }),
                o => o.Deadline = TimeSpan.FromMilliseconds(150),
                api.BaseAddress);

            string body = WebhookHost.Text("fast", msgId: 7);
            await host.PostPlainAsync(body);
            await host.PostPlainAsync(body); // a retry: de-duplication hit
            await host.PostPlainAsync(WebhookHost.Text("slow", msgId: 8)); // deadline fallback, then a customer-service call that fails
            for (int i = 0; i < 50 && !measurements.Contains("wechat.api.errors"); i++)
            {
                await Task.Delay(100);
            }

            meters.RecordObservableInstruments();
            Assert.Contains("wechat.webhook.requests", measurements);
            Assert.Contains("wechat.webhook.handler.duration", measurements);
            Assert.Contains("wechat.webhook.deduplication_hits", measurements);
            Assert.Contains("wechat.webhook.deadline_fallbacks", measurements);
            Assert.Contains("wechat.token.refreshes", measurements);
            Assert.Contains("wechat.api.errors", measurements);
            Assert.Contains(activities, a => a.StartsWith("WeChat push text", StringComparison.Ordinal));
            Assert.Contains(activities, a => a == "WeChat POST /cgi-bin/message/custom/send");
        }
    }
}
