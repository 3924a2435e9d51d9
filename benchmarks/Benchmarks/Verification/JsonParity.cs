using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using WeChat.OfficialAccount.Api;
using WeChat.OfficialAccount.Benchmarks.Baselines.SystemTextJsonStyle;

namespace WeChat.OfficialAccount.Benchmarks.Verification
{
    /// <summary>
    /// Checks, before anything is timed, that the SDK and a System.Text.Json baseline send the same JSON body or
    /// read the same values out of one.
    /// </summary>
    internal static class JsonParity
    {
        /// <summary>
        /// Throws unless the SDK's two writing paths and the baseline produce the same JSON, each with
        /// <paramref name="rawText"/> as raw UTF-8.
        /// </summary>
        public static void AssertSameBodies(string rawText, ReadOnlySpan<byte> oursWriteJson, string oursToJson, ReadOnlySpan<byte> baseline)
        {
            AssertRawUtf8("WriteJson", oursWriteJson, rawText);
            AssertRawUtf8("SKIT-style", baseline, rawText);
            AssertEquivalent("ToJson", oursWriteJson, Encoding.UTF8.GetBytes(oursToJson));
            AssertEquivalent("SKIT-style", oursWriteJson, baseline);
        }

        /// <summary>Throws unless both bodies are the same JSON value (property order aside, numbers by value).</summary>
        public static void AssertEquivalent(string what, ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
        {
            using JsonDocument expectedDocument = JsonDocument.Parse(expected.ToArray());
            using JsonDocument actualDocument = JsonDocument.Parse(actual.ToArray());
            if (!JsonElement.DeepEquals(expectedDocument.RootElement, actualDocument.RootElement))
            {
                throw new InvalidOperationException(
                    $"{what}: the bodies differ.{Environment.NewLine}expected: {Encoding.UTF8.GetString(expected)}{Environment.NewLine}actual:   {Encoding.UTF8.GetString(actual)}");
            }
        }

        /// <summary>Throws unless the body carries <paramref name="text"/> as raw UTF-8 and no \u escape (the platform answers 40033 to those).</summary>
        public static void AssertRawUtf8(string what, ReadOnlySpan<byte> body, string text)
        {
            if (body.IndexOf(Encoding.UTF8.GetBytes(text)) < 0 || body.IndexOf("\\u"u8) >= 0)
            {
                throw new InvalidOperationException($"{what}: the body does not carry \"{text}\" as raw UTF-8: {Encoding.UTF8.GetString(body)}");
            }
        }

        /// <summary>Throws unless both models hold the same users with the same field values.</summary>
        /// <remarks>SKIT declares groupid as a non-null int, so an absent groupid is 0 there and null in the SDK.</remarks>
        public static void AssertSameUsers(string what, UserBatchGetResponse ours, UserBatchGetResponseJson baseline)
        {
            if (ours.ExtensionData.Count != 0)
            {
                throw new InvalidOperationException($"{what}: the SDK kept undeclared properties: {string.Join(", ", ours.ExtensionData.Keys)}.");
            }

            if (ours.UserInfoList.Count != baseline.UserList.Length)
            {
                throw new InvalidOperationException($"{what}: {ours.UserInfoList.Count} users against {baseline.UserList.Length}.");
            }

            for (int i = 0; i < ours.UserInfoList.Count; i++)
            {
                UserInfo a = ours.UserInfoList[i];
                UserBatchGetResponseJson.Types.User b = baseline.UserList[i];
                if (a.ExtensionData.Count != 0)
                {
                    throw new InvalidOperationException($"{what}: user {i} kept undeclared properties: {string.Join(", ", a.ExtensionData.Keys)}.");
                }

                Same(what, i, "subscribe", a.Subscribe, b.IsSubscribed);
                Same(what, i, "openid", a.OpenId, b.OpenId);
                Same(what, i, "language", a.Language, b.Language);
                Same(what, i, "subscribe_time", a.SubscribeTime, b.SubscribeTimestamp);
                Same(what, i, "unionid", a.UnionId, b.UnionId);
                Same(what, i, "remark", a.Remark, b.Remark);
                Same(what, i, "groupid", a.GroupId ?? 0, b.GroupId);
                Same(what, i, "tagid_list", Join(a.TagIdList), Join(b.TagIdList));
                Same(what, i, "subscribe_scene", a.SubscribeScene, b.SubscribeScene);
                Same(what, i, "qr_scene", a.QrScene, b.QrcodeSceneId);
                Same(what, i, "qr_scene_str", a.QrSceneStr, b.QrcodeSceneString);
            }
        }

        private static string? Join(IEnumerable<int>? values) => values is null ? null : string.Join(",", values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        private static void Same<T>(string what, int index, string field, T ours, T baseline)
        {
            if (!EqualityComparer<T>.Default.Equals(ours, baseline))
            {
                throw new InvalidOperationException($"{what}: user {index} {field} is '{ours}' in the SDK and '{baseline}' in the baseline.");
            }
        }
    }
}
