namespace RightSize.Jobs;

/// <summary><c>Tags</c>: SageMaker's shape, plus the <c>rightsize:</c> options (see <see cref="RightSizeTags"/>).</summary>
internal static class TagRules
{
    public static void Check(ValidationContext context, List<Tag>? tags, string root = "Tags")
    {
        if (tags is null)
        {
            return;
        }

        context.Count(tags, root, new(0, 50), "tags");
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tags.Count; i++)
        {
            var path = $"{root}[{i}]";
            var (key, value) = (tags[i].Key, tags[i].Value);
            if (context.Required(key, $"{path}.Key", "a tag key"))
            {
                context.Text(key, $"{path}.Key", 1, 128, SageMakerPatterns.TagText(), "letters, digits, spaces and _ . : / = + - @");
                if (!keys.Add(key))
                {
                    context.Add($"{path}.Key", $"'{key}' is given twice; keep one");
                }
            }

            if (value is null)
            {
                context.Add($"{path}.Value", "required: a tag value (may be empty)");
            }

            context.Text(value, $"{path}.Value", 0, 256, SageMakerPatterns.TagText(), "letters, digits, spaces and _ . : / = + - @");

            if (key is not null && RightSizeTags.IsRightSizeKey(key))
            {
                CheckOption(context, key, value, path);
            }
        }
    }

    private static void CheckOption(ValidationContext context, string key, string? value, string path)
    {
        if (RightSizeTags.IsImportanceKey(key))
        {
            if (value is not null && !RightSizeTags.TryParseImportance(value, out _))
            {
                context.Add($"{path}.Value", $"'{value}' is not an importance: give Lowest, Low, Moderate, High or Highest");
            }
        }
        else if (key is RightSizeTags.EmulateProportional or RightSizeTags.EmulateAccelerators or RightSizeTags.GeneratorsOnEndpointHost)
        {
            if (value is not null && !bool.TryParse(value, out _))
            {
                context.Add($"{path}.Value", $"'{value}' is not a switch: give true or false");
            }
        }
        else if (key is RightSizeTags.SetupDeadlineSeconds or RightSizeTags.ServerlessIdleSeconds)
        {
            var range = key == RightSizeTags.SetupDeadlineSeconds ? RightSizeTags.SetupDeadlineRange : RightSizeTags.ServerlessIdleRange;
            if (value is not null && !RightSizeTags.TryParseSeconds(value, range, out _))
            {
                context.Add($"{path}.Value", $"'{value}' is not a duration: give whole seconds in range {range}");
            }
        }
        else if (key != RightSizeTags.WindowSeconds)
        {
            context.Add($"{path}.Key", $"unknown RightSize option '{key}'; known: {string.Join(", ", RightSizeTags.Known)}");
        }
        else if (value is not null && !RightSizeTags.TryParseWindow(value, out _))
        {
            context.Add($"{path}.Value", $"'{value}' is not a window length: give whole seconds in range {RightSizeTags.WindowSecondsRange}");
        }
    }
}
