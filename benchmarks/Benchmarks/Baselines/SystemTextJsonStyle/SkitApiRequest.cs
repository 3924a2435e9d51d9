using System.Text.Json.Serialization;

namespace WeChat.OfficialAccount.Benchmarks.Baselines.SystemTextJsonStyle
{
    /// <summary>SKIT-style request base: the access token travels in the query string, so the body ignores it.</summary>
    public abstract class SkitApiRequest
    {
        [JsonIgnore]
        public virtual string? AccessToken { get; set; }
    }
}
