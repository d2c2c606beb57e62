// Package upload takes in the photos and PDFs that customers and agents
// attach to returns, warranty claims and repairs, keeps them, and hands
// them back.
//
// A customer photographing a cracked screen sends whatever the phone made:
// a JPEG, a PNG screenshot, a WebP, or an iPhone's HEIC. An agent attaches a
// PDF invoice. Accept (or ParseMultipart for a whole form) decides what a
// file is from its bytes, never from its name or the type the browser
// declared, refuses anything else, and refuses files whose header does not
// parse as the type their first bytes claim. It also removes what a shop
// should not keep: the GPS position phones write into photos, and other
// camera metadata (see Accept).
//
// Store keeps the bytes. FS, the default, writes them under the data folder
// (data/uploads/<shop>/<xx>/<id>) with a JSON sidecar holding the Blob; an
// S3-compatible Store can be added later behind the same interface. Every
// path is built from IDs only, and the shop ID is part of every path, so
// one shop can never open another shop's files.
//
// Serve writes a stored file to a browser with headers that stop it from
// being run as a page: the sniffed Content-Type, nosniff, a sandboxing
// Content-Security-Policy, and attachment for PDFs.
//
// # Authorization is the caller's job
//
// Nothing in this package knows who may see a file. Store and Serve only
// check that the blob belongs to the shop they are given. Before calling
// Open or Serve, the handler MUST check that the caller is an agent of that
// shop, or the customer who owns the case the file is attached to. A blob
// ID in a URL is not a secret: IDs sort by time and are guessable enough.
package upload
