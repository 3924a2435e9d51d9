using System.Collections.Generic;
using WeChat.OfficialAccount.Generator.Json;

namespace WeChat.OfficialAccount.Menus.Rules
{
    /// <summary>Where something was written in a JSON file (0-based lines and columns).</summary>
    internal sealed class JsonSpan
    {
        public JsonSpan(JsonNode node)
        {
            Start = node.Start;
            Length = node.Length;
            Line = node.Line;
            Column = node.Column;
            EndLine = node.EndLine;
            EndColumn = node.EndColumn;
        }

        public int Start { get; }

        public int Length { get; }

        public int Line { get; }

        public int Column { get; }

        public int EndLine { get; }

        public int EndColumn { get; }
    }

    /// <summary>
    /// Reads the platform's own menu JSON (what /cgi-bin/menu/create and addconditional accept) into a
    /// <see cref="MenuModel"/> whose locations are <see cref="JsonSpan"/>s.
    /// </summary>
    internal static class MenuJson
    {
        /// <summary>The model, or null with a syntax message when the text is not JSON or not a menu object.</summary>
        public static MenuModel? Read(string text, out string? error, out JsonSpan? errorSpan)
        {
            error = null;
            errorSpan = null;
            JsonNode root;
            try
            {
                root = SpecJsonReader.Parse(text);
            }
            catch (JsonSyntaxException ex)
            {
                error = $"{ex.Message} (line {ex.Line + 1}, column {ex.Column + 1})";
                errorSpan = new JsonSpan(new JsonLiteral(string.Empty, "error") { Start = ex.Offset, Length = 0, Line = ex.Line, Column = ex.Column, EndLine = ex.Line, EndColumn = ex.Column });
                return null;
            }

            if (root is not JsonObject obj)
            {
                error = "a menu file holds one JSON object with a \"button\" array";
                errorSpan = new JsonSpan(root);
                return null;
            }

            // menu/get answers {"menu": {"button": [...]}}; accept that shape too.
            if (obj.Find("button") is null && obj.Find("menu")?.Value is JsonObject inner)
            {
                obj = inner;
            }

            var menu = new MenuModel(new JsonSpan(obj));
            JsonProperty? buttons = obj.Find("button");
            if (buttons?.Value is JsonArray array)
            {
                menu.ButtonsLocation = new JsonSpan(buttons.NameNode);
                foreach (JsonNode item in array.Items)
                {
                    menu.Buttons.Add(ReadButton(item));
                }
            }
            else
            {
                menu.ButtonsLocation = buttons is null ? new JsonSpan(obj) : new JsonSpan(buttons.Value);
            }

            if (obj.Find("matchrule")?.Value is JsonObject rule)
            {
                menu.MatchRule = new MenuMatchRuleModel(new JsonSpan(rule));
                foreach (JsonProperty field in rule.Properties)
                {
                    menu.MatchRule.Fields[field.Name] = Value(field);
                }
            }

            return menu;
        }

        private static MenuButtonModel ReadButton(JsonNode node)
        {
            var button = new MenuButtonModel(new JsonSpan(node));
            if (node is not JsonObject obj)
            {
                return button;
            }

            foreach (JsonProperty property in obj.Properties)
            {
                if (property.Name == "sub_button")
                {
                    button.SubButtonsLocation = new JsonSpan(property.NameNode);
                    var subs = new List<MenuButtonModel>();
                    if (property.Value is JsonArray array)
                    {
                        foreach (JsonNode item in array.Items)
                        {
                            subs.Add(ReadButton(item));
                        }
                    }

                    // menu/get echoes an empty sub_button on leaves: treat [] on a typed button as "none".
                    button.SubButtons = subs.Count == 0 && obj.Find("type") is not null ? null : subs;
                    continue;
                }

                button.Properties[property.Name] = Value(property);
            }

            return button;
        }

        private static MenuValue Value(JsonProperty property) => property.Value switch
        {
            JsonString s => new MenuValue(s.Value, new JsonSpan(s)),
            JsonLiteral l => new MenuValue(l.KindName == "null" ? null : l.Text, new JsonSpan(l), isConstant: true),
            _ => new MenuValue(null, new JsonSpan(property.Value), isConstant: false),
        };
    }
}
