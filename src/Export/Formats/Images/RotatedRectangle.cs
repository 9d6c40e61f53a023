namespace Labelit.Export.Formats.Images;

/// <summary>COCO's bbox of a rotated LS rectangle: LS stores the top-left corner before rotation
/// about that corner (degrees, clockwise in image coordinates); the bbox encloses the rotated box.
/// All values in percent of the image, as stored.</summary>
internal static class RotatedRectangle
{
    public static (double X, double Y, double Width, double Height) Bounds(
        double x, double y, double width, double height, double rotationDegrees)
    {
        if (Math.Abs(rotationDegrees) <= 0)
        {
            return (x, y, width, height);
        }

        var alpha = Math.Atan(height / width);
        var beta = Math.PI * (rotationDegrees / 180);
        var radius = Math.Sqrt(Math.Pow(width / 2, 2) + Math.Pow(height / 2, 2));

        // Centre of the rotated box, derived from the stored corner.
        var centreX = x - (radius * (Math.Cos(Math.PI - alpha - beta) - Math.Cos(Math.PI - alpha))) + (width / 2);
        var centreY = y + (radius * (Math.Sin(Math.PI - alpha - beta) - Math.Sin(Math.PI - alpha))) + (height / 2);

        double[] angles = [alpha + beta, Math.PI - alpha + beta, Math.PI + alpha + beta, (2 * Math.PI) - alpha + beta];
        var xs = angles.Select(a => centreX + (radius * Math.Cos(a))).ToArray();
        var ys = angles.Select(a => centreY + (radius * Math.Sin(a))).ToArray();
        var minX = xs.Min();
        var minY = ys.Min();
        return (minX, minY, xs.Max() - minX, ys.Max() - minY);
    }
}
