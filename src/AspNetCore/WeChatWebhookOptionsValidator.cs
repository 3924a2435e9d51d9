using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>
    /// Refuses settings the webhook cannot work with when the app starts (and when <c>MapWeChat</c> reads them), instead
    /// of answering every push 401 or 500 later: a missing Token, an EncodingAESKey the platform could not have issued,
    /// safe mode without the AppId, and sizes or durations that are not positive.
    /// </summary>
    internal sealed class WeChatWebhookOptionsValidator : IValidateOptions<WeChatWebhookOptions>
    {
        /// <summary>At most 10 further tries: the waits double, and the tenth alone is 512 times the first.</summary>
        private const int MaxLateReplyRetries = 10;

        public ValidateOptionsResult Validate(string? name, WeChatWebhookOptions options)
        {
            var failures = new List<string>();
            string section = WeChatConfigurationValues.SectionOf(name);
            if (string.IsNullOrEmpty(options.Token))
            {
                // An empty token is not a weaker secret but none: anyone could sign a push.
                failures.Add($"{section}:Token is not set. It is the secret every push's signature is checked with; copy it from the account's server settings (服务器配置) on the platform.");
            }
            else if (WeChatConfigurationValues.HasSurroundingWhitespace(options.Token))
            {
                failures.Add($"{section}:Token starts or ends with whitespace or a line break, which the platform's Token (letters and digits) cannot have, so every push would fail its signature check. Copy it again without them (a secret file or an environment variable often ends with a line break).");
            }

            if (!string.IsNullOrEmpty(options.AppId) && WeChatConfigurationValues.HasSurroundingWhitespace(options.AppId))
            {
                failures.Add($"{section}:AppId starts or ends with whitespace or a line break, which an AppID (wx…) cannot have, so every encrypted push would be refused as meant for another account. Copy it again without them.");
            }

            if (!string.IsNullOrEmpty(options.EncodingAESKey))
            {
                if (string.IsNullOrEmpty(options.AppId))
                {
                    failures.Add($"{section}:AppId is not set, but {section}:EncodingAESKey is: safe and compatible mode need the AppId too (every encrypted push names the account it is for).");
                }
                else if (!string.IsNullOrEmpty(options.Token) && !WeChatConfigurationValues.HasSurroundingWhitespace(options.AppId))
                {
                    try
                    {
                        _ = new WeChatMessageCrypto(options.Token, options.EncodingAESKey, options.AppId);
                    }
                    catch (WeChatCryptoException ex)
                    {
                        failures.Add($"{section}:EncodingAESKey: " + ex.Message);
                    }
                }
            }

            if (options.MaxBodyBytes <= 0)
            {
                failures.Add($"MaxBodyBytes must be positive, not {options.MaxBodyBytes}.");
            }

            AddIfNotPositive(failures, nameof(options.Deadline), options.Deadline);
            AddIfNotPositive(failures, nameof(options.DeduplicationWindow), options.DeduplicationWindow);
            AddIfNotPositive(failures, nameof(options.ConversationTimeToLive), options.ConversationTimeToLive);
            AddIfNotPositive(failures, nameof(options.SenderTurnLimit), options.SenderTurnLimit);
            AddIfNotPositive(failures, nameof(options.LateReplyRetryDelay), options.LateReplyRetryDelay);
            if (options.LateReplyRetries is < 0 or > MaxLateReplyRetries)
            {
                failures.Add($"LateReplyRetries must be from 0 to {MaxLateReplyRetries}, not {options.LateReplyRetries}.");
            }
            if (options.TimestampWindow is { } window)
            {
                AddIfNotPositive(failures, nameof(options.TimestampWindow), window);
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        private static void AddIfNotPositive(List<string> failures, string name, TimeSpan value)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{name} must be a positive duration, not {value}.");
            }
        }
    }
}
