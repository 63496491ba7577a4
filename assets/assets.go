package assets

import _ "embed"

//go:generate go run ./genicon -o icon.png -size 512

// IconPNG is the application icon, a 512x512 PNG with a transparent background. It is also
// the icon that FyneApp.toml names for packaging.
//
//go:embed icon.png
var IconPNG []byte
