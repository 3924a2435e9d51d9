using System.Text.Json.Serialization;

namespace WeChat.OfficialAccount.Benchmarks.Baselines.SystemTextJsonStyle
{
    /// <summary>
    /// SKIT-style response of /cgi-bin/user/info/batchget: an array of users, as SKIT declares it. The user carries
    /// the fields the SDK's generated <c>UserInfo</c> declares; SKIT also keeps nickname, sex, city and the other
    /// profile fields the platform stopped returning, which the payload here does not contain.
    /// </summary>
    public sealed class UserBatchGetResponseJson : SkitApiResponse
    {
        [JsonPropertyName("user_info_list")]
        public Types.User[] UserList { get; set; } = [];

        public static class Types
        {
            /// <summary>One follower; <c>subscribe</c> is a 0/1 flag read through <see cref="NumericalBooleanConverter"/>.</summary>
            public sealed class User
            {
                [JsonPropertyName("subscribe")]
                [JsonConverter(typeof(NumericalBooleanConverter))]
                public bool IsSubscribed { get; set; }

                [JsonPropertyName("openid")]
                public string OpenId { get; set; } = string.Empty;

                [JsonPropertyName("language")]
                public string? Language { get; set; }

                [JsonPropertyName("subscribe_time")]
                public long? SubscribeTimestamp { get; set; }

                [JsonPropertyName("unionid")]
                public string? UnionId { get; set; }

                [JsonPropertyName("remark")]
                public string? Remark { get; set; }

                [JsonPropertyName("groupid")]
                public int GroupId { get; set; }

                [JsonPropertyName("tagid_list")]
                public int[]? TagIdList { get; set; }

                [JsonPropertyName("subscribe_scene")]
                public string? SubscribeScene { get; set; }

                [JsonPropertyName("qr_scene")]
                public long? QrcodeSceneId { get; set; }

                [JsonPropertyName("qr_scene_str")]
                public string? QrcodeSceneString { get; set; }
            }
        }
    }
}
