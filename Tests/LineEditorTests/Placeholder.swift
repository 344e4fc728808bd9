// The LineEditor tests live on the practice branch; this file only lets the package build
// on branches that do not have them yet.
import LineEditor
