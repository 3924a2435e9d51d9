using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeChat.OfficialAccount.Http;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;
using WeChat.OfficialAccount.Tests.Http;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>The ActivitySource and Meter fire for requests, handler time, de-duplication, deadline fallbacks, late replies, tokens and API errors.</summary>
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

        [Fact]
        public async Task Late_replies_are_counted_by_outcome()
        {
            // The account's own tag tells this test's measurements from those of tests running beside it.
            var outcomes = new ConcurrentQueue<string>();
            using var meters = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == WeChatTelemetry.Name && instrument.Name == "wechat.webhook.late_replies")
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            meters.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                KeyValuePair<string, object?>[] all = tags.ToArray();
                if (all.Any(t => t.Key == "account" && (string?)t.Value == "telemetry"))
                {
                    outcomes.Enqueue($"{value} " + string.Join(",", all.Where(t => t.Key != "account").Select(t => $"{t.Key}={t.Value}")));
                }
            });
            meters.Start();

            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            api.Handler = r => Task.FromResult(FakeResponse.Json(Encoding.UTF8.GetString(r.Body).Contains("refused", StringComparison.Ordinal)
                ? "{\"errcode\":45015,\"errmsg\":\"response out of time limit\"}"
                : "{\"errcode\":0,\"errmsg\":\"ok\"}"));
            WebApplicationBuilder builder = WebhookHost.TestServerBuilder(new Dictionary<string, string?>
            {
                ["WeChat:Accounts:telemetry:Token"] = WebhookHost.Token,
                ["WeChat:Accounts:telemetry:AppId"] = WebhookHost.AppId,
                ["WeChat:Accounts:telemetry:AppSecret"] = "secret",
                ["WeChat:Accounts:telemetry:Deadline"] = "0.1",
            });
            builder.Services.AddWeChatWebhook("telemetry", builder.Configuration);
            builder.Services.AddWeChatClient("telemetry", builder.Configuration, o => o.ResolveHost = _ => api.BaseAddress);
            await using WebApplication app = builder.Build();
            app.MapWeChat("/wechat", "telemetry", h => h.OnAsync<TextMessage>(async (m, _) =>
            {
                await Task.Delay(300);
                return m.Content == "to an agent" ? new TransferCustomerServiceReply() : new TextReply { Content = m.Content };
            }));
            await app.StartAsync();
            using HttpClient client = app.GetTestClient();

            foreach ((string content, long msgId) in new[] { ("sent", 21L), ("refused", 22L), ("to an agent", 23L) }) // the last has no customer-service form
            {
                using HttpResponseMessage answered = await client.PostAsync("/wechat?" + WebhookHost.Query(WebhookHost.Now(), "n1"), new StringContent(WebhookHost.Text(content, msgId), Encoding.UTF8, "text/xml"));
                Assert.Equal("success", await answered.Content.ReadAsStringAsync());
            }

            for (int i = 0; i < 50 && outcomes.Count < 3; i++)
            {
                await Task.Delay(100);
            }

            Assert.Equal(
                new[] { "1 msg_type=text,outcome=dropped", "1 msg_type=text,outcome=failed", "1 msg_type=text,outcome=sent" },
                outcomes.Order(StringComparer.Ordinal));
        }
    }
}
