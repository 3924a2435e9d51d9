using System;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace WeChat.OfficialAccount
{
    /// <summary>
    /// Reads the SDK's settings from a configuration section (<c>WeChat</c>) without reflection, so binding stays trim-
    /// and AOT-safe. A value that is there but malformed throws an <see cref="InvalidOperationException"/> that names the
    /// key, the value and the form expected; a missing key reads as null and leaves the option's default.
    /// </summary>
    public static class WeChatConfigurationValues
    {
        /// <summary>
        /// A duration written in seconds (<c>"4.5"</c>) or as a TimeSpan (<c>"00:00:04.5"</c>); it must be positive, or
        /// zero or more when <paramref name="allowZero"/>.
        /// </summary>
        /// <param name="section">The section, e.g. <c>configuration.GetSection("WeChat")</c>.</param>
        /// <param name="key">The key within the section.</param>
        /// <param name="allowZero">Whether zero is a valid value (e.g. "no delay").</param>
        public static TimeSpan? Duration(IConfigurationSection section, string key, bool allowZero = false)
        {
            ArgumentNullException.ThrowIfNull(section);
            if (section[key] is not { } text)
            {
                return null;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
                && (seconds > 0 || (allowZero && seconds == 0))
                && seconds < TimeSpan.MaxValue.TotalSeconds)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan value) && (value > TimeSpan.Zero || (allowZero && value == TimeSpan.Zero)))
            {
                return value;
            }

            string expected = allowZero ? "a duration of zero or more" : "a positive duration";
            throw new InvalidOperationException($"{PathOf(section, key)} must be {expected}, in seconds (\"4.5\") or as hh:mm:ss (\"00:00:04.5\"), not \"{text}\".");
        }

        /// <summary>A whole number of at least <paramref name="minimum"/>, digits only.</summary>
        /// <param name="section">The section, e.g. <c>configuration.GetSection("WeChat")</c>.</param>
        /// <param name="key">The key within the section.</param>
        /// <param name="minimum">The smallest valid value (0 or more).</param>
        /// <param name="unit">What is counted, for the error ("bytes", "retries").</param>
        public static int? WholeNumber(IConfigurationSection section, string key, int minimum, string unit)
        {
            ArgumentNullException.ThrowIfNull(section);
            if (section[key] is not { } text)
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= minimum)
            {
                return value;
            }

            string expected = minimum == 1 ? $"a positive whole number of {unit}" : $"a whole number of {unit}, {minimum.ToString(CultureInfo.InvariantCulture)} or more";
            throw new InvalidOperationException($"{PathOf(section, key)} must be {expected}, not \"{text}\".");
        }

        /// <summary><c>true</c> or <c>false</c>, in any case.</summary>
        /// <param name="section">The section, e.g. <c>configuration.GetSection("WeChat")</c>.</param>
        /// <param name="key">The key within the section.</param>
        public static bool? Boolean(IConfigurationSection section, string key)
        {
            ArgumentNullException.ThrowIfNull(section);
            if (section[key] is not { } text)
            {
                return null;
            }

            return bool.TryParse(text, out bool value)
                ? value
                : throw new InvalidOperationException($"{PathOf(section, key)} must be true or false, not \"{text}\".");
        }

        /// <summary>
        /// Whether a credential starts or ends with whitespace or a control character — a line break a secret file or an
        /// environment variable brought along — which no Token, AppID or AppSecret the platform issues has.
        /// </summary>
        /// <param name="value">The credential as configured.</param>
        public static bool HasSurroundingWhitespace(string value)
        {
            ArgumentNullException.ThrowIfNull(value);
            return value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]) || char.IsControl(value[0]) || char.IsControl(value[^1]));
        }

        /// <summary>
        /// The configuration section of an account: <c>WeChat</c> for the application's one account (<paramref name="account"/>
        /// null or empty, the options' default name), <c>WeChat:Accounts:{account}</c> for each of several.
        /// </summary>
        /// <param name="account">The account's name, as given to <c>AddWeChatWebhook</c>, <c>AddWeChatClient</c> and <c>MapWeChat</c>.</param>
        public static string SectionOf(string? account) => string.IsNullOrEmpty(account) ? "WeChat" : "WeChat:Accounts:" + account;

        /// <summary>
        /// Checks the name of one of several accounts: it names a configuration section (<c>WeChat:Accounts:{account}</c>)
        /// and a keyed service, so it must be neither empty nor carry a <c>:</c> (the section separator) or whitespace.
        /// </summary>
        /// <exception cref="ArgumentException">The name cannot be used.</exception>
        public static void CheckAccountName(string account)
        {
            ArgumentNullException.ThrowIfNull(account);
            if (account.Length == 0 || account.Contains(':', StringComparison.Ordinal) || account.AsSpan().IndexOfAny(" \t\r\n") >= 0)
            {
                throw new ArgumentException($"The account name \"{account}\" cannot be used: it names the section WeChat:Accounts:<name>, so it must not be empty or contain ':' or whitespace (e.g. \"shop\").", nameof(account));
            }
        }

        private static string PathOf(IConfigurationSection section, string key) => section.Path + ":" + key;
    }
}
