using System;
using System.Collections.Generic;
using System.Text;

namespace WeChat.OfficialAccount.Menus.Rules
{
    /// <summary>
    /// The custom-menu rules of the platform (reference: menu.md), as one function from a <see cref="MenuModel"/> to
    /// violations. The analyzer (C# and *.menu.json), the generator and <c>wechat menu validate</c> all call it.
    /// </summary>
    internal static class MenuRules
    {
        public const int MaxTopLevelButtons = 3;
        public const int MaxSubButtons = 5;
        public const int MaxTopLevelNameBytes = 16;
        public const int MaxSubNameBytes = 60;
        public const int MaxKeyBytes = 128;
        public const int MaxUrlBytes = 1024;

        /// <summary>Button types and the property each requires besides name (null: none besides the URL checks).</summary>
        public static readonly IReadOnlyDictionary<string, string?> ButtonTypes = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["click"] = "key",
            ["view"] = "url",
            ["scancode_push"] = "key",
            ["scancode_waitmsg"] = "key",
            ["pic_sysphoto"] = "key",
            ["pic_photo_or_album"] = "key",
            ["pic_weixin"] = "key",
            ["location_select"] = "key",
            ["media_id"] = "media_id",
            ["view_limited"] = "media_id",
            ["article_id"] = "article_id",
            ["article_view_limited"] = "article_id",
            ["miniprogram"] = null,
        };

        /// <summary>Match-rule fields the platform still honours.</summary>
        public static readonly IReadOnlyCollection<string> SupportedMatchRuleFields = new[] { "tag_id", "client_platform_type" };

        /// <summary>Match-rule fields removed by the privacy change: rules using them are rejected with 65320.</summary>
        public static readonly IReadOnlyCollection<string> RetiredMatchRuleFields = new[] { "group_id", "sex", "country", "province", "city", "language" };

        public static List<MenuViolation> Check(MenuModel menu)
        {
            var violations = new List<MenuViolation>();
            if (!menu.ButtonsIncomplete)
            {
                if (menu.Buttons.Count == 0)
                {
                    violations.Add(new("WXM012", "A menu needs 1 to 3 top-level buttons; this one has none", menu.ButtonsLocation ?? menu.Location));
                }
                else if (menu.Buttons.Count > MaxTopLevelButtons)
                {
                    violations.Add(new("WXM001", $"A menu has at most {MaxTopLevelButtons} top-level buttons; this one has {menu.Buttons.Count}", menu.Buttons[MaxTopLevelButtons].Location ?? menu.ButtonsLocation));
                }
            }

            var keys = new Dictionary<string, MenuValue>(StringComparer.Ordinal);
            foreach (MenuButtonModel button in menu.Buttons)
            {
                CheckButton(button, topLevel: true, keys, violations);
            }

            if (menu.MatchRule is { } rule)
            {
                CheckMatchRule(rule, violations);
            }

            return violations;
        }

        public static int Utf8Length(string text) => Encoding.UTF8.GetByteCount(text);

        /// <summary>The longest prefix of <paramref name="text"/> within <paramref name="maxBytes"/> UTF-8 bytes, cut on a character boundary.</summary>
        public static string TrimToBytes(string text, int maxBytes)
        {
            int bytes = 0;
            int i = 0;
            while (i < text.Length)
            {
                int width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
                int size = Encoding.UTF8.GetByteCount(text.ToCharArray(i, width));
                if (bytes + size > maxBytes)
                {
                    break;
                }

                bytes += size;
                i += width;
            }

            return text.Substring(0, i);
        }

        private static void CheckButton(MenuButtonModel button, bool topLevel, Dictionary<string, MenuValue> keys, List<MenuViolation> violations)
        {
            MenuValue? name = button.Get("name");
            int nameLimit = topLevel ? MaxTopLevelNameBytes : MaxSubNameBytes;
            if (name is null || (name.IsConstant && string.IsNullOrEmpty(name.Text)))
            {
                violations.Add(new("WXM014", "Every button needs a name", name?.Location ?? button.Location));
            }
            else if (name.Text is { } text && Utf8Length(text) > nameLimit)
            {
                violations.Add(new("WXM003", $"Button name '{text}' is {Utf8Length(text)} UTF-8 bytes; a {(topLevel ? "top-level" : "sub-menu")} name allows {nameLimit}", name.Location));
            }

            if (button.SubButtons is { } subs)
            {
                if (!topLevel)
                {
                    violations.Add(new("WXM007", "Sub-buttons cannot have sub-buttons of their own (menus have two levels)", button.SubButtonsLocation ?? button.Location));
                }

                foreach (string property in new[] { "type", "key", "url", "media_id", "article_id", "appid", "pagepath" })
                {
                    if (button.Get(property) is { } extra && !(extra.IsConstant && string.IsNullOrEmpty(extra.Text)))
                    {
                        violations.Add(new("WXM007", $"A button with sub-buttons only opens its sub-menu; remove its '{property}'", extra.Location ?? button.Location));
                    }
                }

                if (!button.SubButtonsIncomplete)
                {
                    if (subs.Count == 0)
                    {
                        violations.Add(new("WXM012", "A sub-menu needs 1 to 5 buttons; this one has none", button.SubButtonsLocation ?? button.Location));
                    }
                    else if (subs.Count > MaxSubButtons)
                    {
                        violations.Add(new("WXM002", $"A sub-menu has at most {MaxSubButtons} buttons; this one has {subs.Count}", subs[MaxSubButtons].Location ?? button.SubButtonsLocation));
                    }
                }

                foreach (MenuButtonModel sub in subs)
                {
                    CheckButton(sub, topLevel: false, keys, violations);
                }

                return;
            }

            MenuValue? type = button.Get("type");
            if (type is null || (type.IsConstant && string.IsNullOrEmpty(type.Text)))
            {
                violations.Add(new("WXM011", "A button without sub-buttons needs a type (click, view, miniprogram …)", type?.Location ?? button.Location));
                return;
            }

            if (type.Text is null)
            {
                return; // computed at run time: nothing more can be checked
            }

            if (!ButtonTypes.TryGetValue(type.Text, out string? needs))
            {
                violations.Add(new("WXM011", $"'{type.Text}' is not a menu button type; use one of {string.Join(", ", ButtonTypes.Keys)}", type.Location));
                return;
            }

            MenuValue? key = button.Get("key");
            if (needs == "key" && Missing(key))
            {
                violations.Add(new("WXM004", $"A '{type.Text}' button needs a key (it is pushed as EventKey)", key?.Location ?? type.Location));
            }

            if (key?.Text is { Length: > 0 } keyText)
            {
                if (Utf8Length(keyText) > MaxKeyBytes)
                {
                    violations.Add(new("WXM004", $"Key '{keyText}' is {Utf8Length(keyText)} UTF-8 bytes; at most {MaxKeyBytes} are allowed", key.Location));
                }
                else if (keys.ContainsKey(keyText))
                {
                    violations.Add(new("WXM008", $"Key '{keyText}' is used by another button of this menu; handlers cannot tell them apart", key.Location));
                }
                else
                {
                    keys[keyText] = key;
                }
            }

            MenuValue? url = button.Get("url");
            if ((type.Text == "view" || type.Text == "miniprogram") && Missing(url))
            {
                violations.Add(new(type.Text == "view" ? "WXM005" : "WXM006", type.Text == "view" ? "A view button needs a url" : "A miniprogram button needs a url (opened by clients without mini-program support)", url?.Location ?? type.Location));
            }

            if (url?.Text is { Length: > 0 } urlText)
            {
                if (Utf8Length(urlText) > MaxUrlBytes)
                {
                    violations.Add(new("WXM005", $"The url is {Utf8Length(urlText)} UTF-8 bytes; at most {MaxUrlBytes} are allowed", url.Location));
                }
                else if (!urlText.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !urlText.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                {
                    violations.Add(new("WXM005", $"The url '{urlText}' must start with http:// or https://", url.Location));
                }
            }

            if (type.Text == "miniprogram")
            {
                foreach (string property in new[] { "appid", "pagepath" })
                {
                    if (Missing(button.Get(property)))
                    {
                        violations.Add(new("WXM006", $"A miniprogram button needs {property}", button.Get(property)?.Location ?? type.Location));
                    }
                }
            }

            if (needs is "media_id" or "article_id" && Missing(button.Get(needs)))
            {
                violations.Add(new("WXM009", $"A '{type.Text}' button needs {needs}", button.Get(needs)?.Location ?? type.Location));
            }
        }

        private static bool Missing(MenuValue? value) => value is null || (value.IsConstant && string.IsNullOrEmpty(value.Text));

        private static void CheckMatchRule(MenuMatchRuleModel rule, List<MenuViolation> violations)
        {
            bool anyValue = false;
            foreach (KeyValuePair<string, MenuValue> field in rule.Fields)
            {
                bool supported = Contains(SupportedMatchRuleFields, field.Key);
                bool retired = Contains(RetiredMatchRuleFields, field.Key);
                if (!supported && !retired)
                {
                    violations.Add(new("WXM010", $"'{field.Key}' is not a match-rule field; use tag_id or client_platform_type", field.Value.Location));
                }
                else if (retired && !(field.Value.IsConstant && string.IsNullOrEmpty(field.Value.Text)))
                {
                    violations.Add(new("WXM013", $"Match rules on '{field.Key}' are no longer accepted (the platform answers 65320); use tag_id or client_platform_type", field.Value.Location));
                }

                anyValue |= supported && !(field.Value.IsConstant && string.IsNullOrEmpty(field.Value.Text));
            }

            if (!anyValue)
            {
                violations.Add(new("WXM010", "A conditional menu's match rule needs tag_id or client_platform_type (an empty rule is rejected with 65304)", rule.Location));
            }

            if (rule.Fields.TryGetValue("client_platform_type", out MenuValue? platform) && platform.Text is { Length: > 0 } p && p is not ("1" or "2" or "3"))
            {
                violations.Add(new("WXM010", $"client_platform_type is 1 (iOS), 2 (Android) or 3 (others), not '{p}'", platform.Location));
            }
        }

        private static bool Contains(IReadOnlyCollection<string> values, string value)
        {
            foreach (string candidate in values)
            {
                if (candidate == value)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
