using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    public sealed class OptionsBindingTests
    {
        private static WeChatWebhookOptions Bind(Dictionary<string, string?> values)
        {
            IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
            using ServiceProvider provider = new ServiceCollection().AddWeChatWebhook(configuration).BuildServiceProvider();
            return provider.GetRequiredService<IOptions<WeChatWebhookOptions>>().Value;
        }

        [Fact]
        public void Every_setting_binds_from_the_WeChat_section()
        {
            WeChatWebhookOptions options = Bind(new()
            {
                ["WeChat:Token"] = "t",
                ["WeChat:AppId"] = "wx1",
                ["WeChat:AppSecret"] = "s",
                ["WeChat:EncodingAESKey"] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
                ["WeChat:TimestampWindow"] = "00:02:00",
                ["WeChat:MaxBodyBytes"] = "65536",
                ["WeChat:Deadline"] = "4",
                ["WeChat:ConversationTimeToLive"] = "01:00:00",
                ["WeChat:DeduplicationWindow"] = "90.5",
            });

            Assert.Equal(("t", "wx1", "s"), (options.Token, options.AppId, options.AppSecret));
            Assert.Equal("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", options.EncodingAESKey);
            Assert.Equal(TimeSpan.FromMinutes(2), options.TimestampWindow);
            Assert.Equal(65536, options.MaxBodyBytes);
            Assert.Equal(TimeSpan.FromSeconds(4), options.Deadline);
            Assert.Equal(TimeSpan.FromHours(1), options.ConversationTimeToLive);
            Assert.Equal(TimeSpan.FromSeconds(90.5), options.DeduplicationWindow);
        }

        [Fact]
        public void Missing_settings_keep_the_defaults_and_an_empty_window_disables_the_check()
        {
            WeChatWebhookOptions options = Bind(new() { ["WeChat:Token"] = "t", ["WeChat:TimestampWindow"] = "" });

            Assert.Null(options.TimestampWindow);
            Assert.Equal(TimeSpan.FromMilliseconds(4500), options.Deadline);
            Assert.Equal(TimeSpan.FromSeconds(60), options.DeduplicationWindow);
            Assert.Equal(1024 * 1024, options.MaxBodyBytes);
        }

        [Theory]
        [InlineData("Deadline", "soon")]
        [InlineData("Deadline", "-1")]
        [InlineData("DeduplicationWindow", "0")]
        [InlineData("MaxBodyBytes", "1MB")]
        public void Bad_values_are_named_in_the_error(string key, string value)
        {
            var ex = Assert.Throws<InvalidOperationException>(() => Bind(new() { ["WeChat:" + key] = value }));

            Assert.Contains("WeChat:" + key, ex.Message, StringComparison.Ordinal);
            Assert.Contains(value, ex.Message, StringComparison.Ordinal);
        }
    }
}
