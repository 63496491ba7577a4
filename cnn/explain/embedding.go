package explain

import (
	"cmp"
	"context"
	"slices"

	"convscope/cnn"
	"convscope/internal/tr"
)

var _ cnn.Projector = ProjectPCA

// ProjectPCA is the cnn.Projector of the live embedding: the n feature vectors of dim
// values (n×dim) projected on their first two principal components (PrincipalComponents),
// aligned with prev (Align) when prev holds a frame of the same points.
func ProjectPCA(features []float32, n, dim int, prev []float32) ([]float32, error) {
	pca, err := PrincipalComponents(features, n, dim, min(2, dim))
	if err != nil {
		return nil, err
	}
	points := make([]float32, 2*n)
	for i := range n {
		points[2*i] = float32(pca.Scores[i*pca.K])
		if pca.K > 1 {
			points[2*i+1] = float32(pca.Scores[i*pca.K+1])
		}
	}
	Align(points, prev)
	return points, nil
}

// tsneDims is how many principal components t-SNE starts from, as van der Maaten
// recommends: the distances between points keep their structure, and cost 20 times less
// to compute than on fc1's 1,024 values.
const tsneDims = 50

// EmbedFeatures maps the n feature vectors of dim values (n×dim) to the plane by t-SNE,
// run on their first 50 principal components (all of them if there are fewer); see Embed.
func (t TSNE) EmbedFeatures(ctx context.Context, features []float32, n, dim int) ([]float32, error) {
	k := min(tsneDims, dim, n)
	if k == dim {
		return t.Embed(ctx, features, n, dim)
	}
	pca, err := PrincipalComponents(features, n, dim, k)
	if err != nil {
		return nil, err
	}
	reduced := make([]float32, len(pca.Scores))
	for i, v := range pca.Scores {
		reduced[i] = float32(v)
	}
	return t.Embed(ctx, reduced, n, k)
}

// NeighbourAgreement returns how often a point's k nearest neighbours in the plane share
// its label: the fraction, over every point of points (n×2 values) and each of its k
// nearest other points, of neighbours with the point's label (1 for a map whose classes
// lie apart; about 1/10 for ten classes mixed at random). It returns an error if points
// and labels disagree in number or there are not more than k points.
func NeighbourAgreement(points []float32, labels []uint8, k int) (float64, error) {
	n := len(labels)
	if len(points) != 2*n || k < 1 || n <= k {
		return 0, tr.Errorf("neighbour agreement: %d points, %d labels and %d neighbours: it needs a label per point and more points than neighbours", len(points)/2, n, k)
	}
	type neighbour struct {
		d float64
		j int
	}
	agree := 0
	near := make([]neighbour, 0, n)
	for i := range n {
		near = near[:0]
		for j := range n {
			if j != i {
				dx, dy := float64(points[2*i]-points[2*j]), float64(points[2*i+1]-points[2*j+1])
				near = append(near, neighbour{dx*dx + dy*dy, j})
			}
		}
		slices.SortFunc(near, func(a, b neighbour) int { return cmp.Or(cmp.Compare(a.d, b.d), cmp.Compare(a.j, b.j)) })
		for _, nb := range near[:k] {
			if labels[nb.j] == labels[i] {
				agree++
			}
		}
	}
	return float64(agree) / float64(n*k), nil
}

// The ways Map projects an embedding to the plane.
const (
	MethodPCA  = "pca"  // the first two principal components: fast, global structure
	MethodTSNE = "tsne" // t-SNE: neighbourhoods kept, clusters drawn apart
)

// Map is the embedding of a set of images: where each lies in the plane.
type Map struct {
	Layer     string    // the embedding layer
	Method    string    // MethodPCA or MethodTSNE
	Points    []float32 // n×2: x, y of each image
	Predicted []uint8   // the class the network predicts for each image
}

// MapImages maps the n images in images (n×Input.Size() values) to the plane: their
// activations of the network's embedding layer (cnn.Network.Embed), projected by method,
// MethodPCA or MethodTSNE (with ts's settings). It returns ctx.Err() if cancelled during
// t-SNE, and an error for another method, a network without hidden layers, or a
// projection that cannot be made of these images.
func MapImages(ctx context.Context, net *cnn.Network, images []float32, method string, ts TSNE) (*Map, error) {
	if method != MethodPCA && method != MethodTSNE {
		return nil, tr.Errorf("unknown embedding method %q: use %s or %s", method, MethodPCA, MethodTSNE)
	}
	features, dim, predicted, err := net.Embed(images, ts.Workers)
	if err != nil {
		return nil, err
	}
	layer, _ := net.EmbeddingLayer()
	n := len(predicted)
	var points []float32
	if method == MethodPCA {
		points, err = ProjectPCA(features, n, dim, nil)
	} else {
		points, err = ts.EmbedFeatures(ctx, features, n, dim)
	}
	if err != nil {
		return nil, err
	}
	return &Map{Layer: layer.Name, Method: method, Points: points, Predicted: predicted}, nil
}

// MethodName returns how a caption names method: PCA or t-SNE.
func MethodName(method string) string {
	if method == MethodTSNE {
		return "t-SNE"
	}
	return "PCA"
}
