using System.Runtime.InteropServices;

namespace RightSize.ModelServer.Xgboost;

/// <summary>
/// One node of a packed tree (12 bytes). Children are stored next to each other, so a split needs only the left index:
/// right is <c>Left + 1</c>. A leaf has <c>Left == -1</c> and its value in <see cref="Value"/>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct TreeNode
{
    private const int DefaultRightBit = 1 << 31;

    private readonly int _featureAndDefault;

    private TreeNode(int left, int featureAndDefault, float value)
    {
        Left = left;
        _featureAndDefault = featureAndDefault;
        Value = value;
    }

    public int Left { get; }

    /// <summary>The split threshold (<c>x &lt; Value</c> goes left), or the leaf value.</summary>
    public float Value { get; }

    public int Feature => _featureAndDefault & ~DefaultRightBit;

    /// <summary>Where a missing value goes: Left, or Left + 1 when the default direction is right.</summary>
    public int DefaultChild => Left + (int)((uint)_featureAndDefault >> 31);

    public bool IsLeaf => Left < 0;

    public static TreeNode Leaf(float value) => new(-1, 0, value);

    public static TreeNode Split(int left, int feature, float threshold, bool defaultLeft)
        => new(left, feature | (defaultLeft ? 0 : DefaultRightBit), threshold);
}
