package cnn

import "math"

// softmaxCrossEntropy computes, for n examples of k logits each, the softmax probabilities
// and the cross-entropy with the true labels. It returns the sum of the n losses and the
// number of examples whose largest logit is the true label's. If dlogits is not nil it
// receives the gradient of scale times the summed loss with respect to the logits,
// scale·(softmax − onehot); pass scale = 1/batch for the gradient of the mean loss.
//
// The softmax is computed from logits shifted by their maximum and the loss as
// log Σ exp(z_j − max) − (z_label − max), so neither overflows.
func softmaxCrossEntropy(logits []float32, labels []uint8, n, k int, scale float32, dlogits []float32) (loss float64, correct int) {
	for b := range n {
		z := logits[b*k : (b+1)*k]
		label := int(labels[b])
		best := Argmax(z)
		if best == label {
			correct++
		}
		zmax := float64(z[best])
		var sum float64
		for _, v := range z {
			sum += math.Exp(float64(v) - zmax)
		}
		logSum := math.Log(sum)
		loss += logSum - (float64(z[label]) - zmax)
		if dlogits == nil {
			continue
		}
		d := dlogits[b*k : (b+1)*k]
		for j, v := range z {
			p := math.Exp(float64(v) - zmax - logSum)
			if j == label {
				p--
			}
			d[j] = scale * float32(p)
		}
	}
	return loss, correct
}

// Softmax writes the probabilities exp(z_j) / Σ exp(z_i) of the logits z into p, computed
// stably (the largest logit is subtracted first). p must hold at least len(z) values.
func Softmax(z, p []float32) {
	zmax := z[0]
	for _, v := range z {
		zmax = max(zmax, v)
	}
	var sum float64
	for j, v := range z {
		e := math.Exp(float64(v - zmax))
		p[j] = float32(e)
		sum += e
	}
	for j := range p[:len(z)] {
		p[j] = float32(float64(p[j]) / sum)
	}
}
