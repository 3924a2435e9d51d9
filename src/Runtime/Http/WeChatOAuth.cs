using System;
using System.Text;

namespace WeChat.OfficialAccount.Http
{
    /// <summary>Scope of a web authorization.</summary>
    public enum WeChatOAuthScope
    {
        /// <summary>Silent: only the OpenID.</summary>
        Base,

        /// <summary>Asks the user: profile (nickname, avatar) through /sns/userinfo.</summary>
        UserInfo,
    }

    /// <summary>
    /// Web authorization (网页授权). The browser is sent to the authorize URL; WeChat redirects back with a code that
    /// <c>client.OAuth.GetAccessTokenAsync</c> exchanges for the user's own access_token — per user, never the
    /// account's global token.
    /// </summary>
    public static class WeChatOAuth
    {
        /// <summary>The host of the authorize page.</summary>
        public const string AuthorizeEndpoint = "https://open.weixin.qq.com/connect/oauth2/authorize";

        /// <summary>Builds the URL to send the browser to.</summary>
        /// <param name="appId">The account's AppID.</param>
        /// <param name="redirectUri">Where WeChat returns with <c>code</c> and <c>state</c>; its domain must be configured for web authorization.</param>
        /// <param name="scope">Silent (base) or asking for the profile (userinfo).</param>
        /// <param name="state">Echoed back unchanged; use it against CSRF (at most 128 bytes of a-zA-Z0-9).</param>
        /// <param name="forcePopup">Show the consent page even if the user already agreed.</param>
        public static string BuildAuthorizeUrl(string appId, string redirectUri, WeChatOAuthScope scope, string? state = null, bool forcePopup = false)
        {
            ArgumentException.ThrowIfNullOrEmpty(appId);
            ArgumentException.ThrowIfNullOrEmpty(redirectUri);
            if (state is not null && (state.Length > 128 || !IsAlphanumeric(state)))
            {
                throw new ArgumentException("state must be at most 128 characters of a-z, A-Z and 0-9.", nameof(state));
            }

            var url = new StringBuilder(AuthorizeEndpoint)
                .Append("?appid=").Append(Uri.EscapeDataString(appId))
                .Append("&redirect_uri=").Append(Uri.EscapeDataString(redirectUri))
                .Append("&response_type=code")
                .Append("&scope=").Append(scope == WeChatOAuthScope.Base ? "snsapi_base" : "snsapi_userinfo");
            if (state is not null)
            {
                url.Append("&state=").Append(state);
            }

            if (forcePopup)
            {
                url.Append("&forcePopup=true");
            }

            return url.Append("#wechat_redirect").ToString();
        }

        private static bool IsAlphanumeric(string value)
        {
            foreach (char c in value)
            {
                if (!char.IsAsciiLetterOrDigit(c))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
