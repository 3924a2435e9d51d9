using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace WeChat.OfficialAccount.Http
{
    /// <summary>
    /// Refuses client settings that could only fail later, at the first call, with an error code far from the cause: a
    /// missing AppID, credentials carrying a line break from a secret file, negative retries or delays, or a refresh
    /// margin that would renew the token on every call. The same checks run when a client is constructed directly.
    /// An empty AppSecret is allowed: a client may read its tokens from a store another process fills.
    /// </summary>
    internal sealed class WeChatApiClientOptionsValidator : IValidateOptions<WeChatApiClientOptions>
    {
        /// <summary>How long an access_token lives: a margin this long or longer renews it on every call.</summary>
        private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(2);

        public ValidateOptionsResult Validate(string? name, WeChatApiClientOptions options)
        {
            List<string> failures = Check(options, WeChatConfigurationValues.SectionOf(name));
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        /// <summary>What is wrong with <paramref name="options"/>, each as a sentence that says what to fix; empty when nothing.</summary>
        /// <param name="options">The options.</param>
        /// <param name="section">The configuration section the settings are named by (<c>WeChat</c>, or an account's).</param>
        internal static List<string> Check(WeChatApiClientOptions options, string section = "WeChat")
        {
            var failures = new List<string>();
            if (string.IsNullOrEmpty(options.AppId))
            {
                failures.Add($"{section}:AppId is not set: the API client needs the account's AppID (wx…), which names its tokens and every call's account.");
            }
            else if (WeChatConfigurationValues.HasSurroundingWhitespace(options.AppId))
            {
                failures.Add($"{section}:AppId starts or ends with whitespace or a line break, which an AppID (wx…) cannot have, so the platform would refuse the token request. Copy it again without them.");
            }

            if (WeChatConfigurationValues.HasSurroundingWhitespace(options.AppSecret ?? string.Empty))
            {
                // The platform answers such a secret with errcode 40125 (invalid appsecret), which does not say why.
                failures.Add($"{section}:AppSecret starts or ends with whitespace or a line break, which an AppSecret cannot have, so the platform would answer every token request 40125 (invalid appsecret). Copy it again without them (a secret file or an environment variable often ends with a line break).");
            }

            if (options.ResolveHost is null)
            {
                failures.Add("ResolveHost must not be null: it maps each host name (api.weixin.qq.com) to the base address it is reached at.");
            }

            if (options.TokenRefreshMargin < TimeSpan.Zero || options.TokenRefreshMargin >= TokenLifetime)
            {
                failures.Add($"TokenRefreshMargin must be zero or more and shorter than an access_token's two-hour lifetime (or every call would renew it), not {options.TokenRefreshMargin}.");
            }

            if (options.MaxGetRetries < 0)
            {
                failures.Add($"MaxGetRetries must be zero or more, not {options.MaxGetRetries}.");
            }

            if (options.RetryDelay < TimeSpan.Zero)
            {
                failures.Add($"RetryDelay must be zero or more, not {options.RetryDelay}.");
            }

            return failures;
        }
    }
}
