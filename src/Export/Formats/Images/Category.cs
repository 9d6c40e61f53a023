namespace Labelit.Export.Formats.Images;

/// <summary>A COCO/YOLO category. Keypoint exports add the keypoint names (and for COCO's merged
/// "default" category a supercategory and an empty skeleton).</summary>
internal sealed record Category(
    int Id, string Name, IReadOnlyList<string>? Keypoints = null, string? Supercategory = null, bool WithSkeleton = false);
