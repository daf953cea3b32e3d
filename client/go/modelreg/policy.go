package modelreg

import (
	"math"
	"sync"
	"time"
)

// compressPolicy decides, from what a push measures as it goes, whether chunks travel compressed:
// the Python SDK's CompressPolicy (client/python/modelreg/transfer.py), in its essentials.
//
// Measured per window of policyWindow wire bytes, separately for messages sent mostly raw and
// mostly encoded: the pipeline's rate (raw bytes per second of wall time), the link's rate (wire
// bytes per second that Send blocked, which flow control makes the time the link and the server
// needed) and the share of the time Send blocked. Also the encoder's rate per goroutine and its
// ratio. `auto` starts raw, encoding one chunk in four over the first probeBytes and one in
// probeEvery after, so the encoder's figures exist. It compresses only when the raw push is
// link-bound (Send blocked more than linkBound of the time) and compressing is predicted faster
// by switchUp: min(encoder rate x workers, link rate / ratio), capped by the rate measured the
// last time it compressed. While compressing it goes back to raw as soon as the measured rate
// falls below the raw rate; each time, the next switch needs a 1.5x larger predicted gain. The
// first window of each kind is a warm-up and only counts once a second one exists.
type compressPolicy struct {
	mode    string
	workers int

	mu       sync.Mutex
	compress bool
	encRate  float64 // raw bytes per second of one encoder
	ratio    float64 // wire / raw of encoded chunks
	enc      [3]float64
	rate     [2]float64 // by kind (1: packed, mostly encoded): raw bytes per wall second
	link     [2]float64 // wire bytes per second Send blocked
	held     [2]float64 // share of the wall time Send blocked
	win      [2][4]float64
	windows  [2]int
	backs    int
	last     time.Time
}

const (
	switchUp     = 1.15
	linkBound    = 0.5
	probeEvery   = 64
	probeBytes   = 8 * 1024 * 1024
	policyWindow = 8 * 1024 * 1024
	encodeWindow = 1024 * 1024
)

func newCompressPolicy(mode string, workers int) *compressPolicy {
	return &compressPolicy{mode: mode, workers: workers, compress: mode == CompressAlways, ratio: 1}
}

// wants reports whether chunk number index (offered raw bytes read so far) is encoded.
func (p *compressPolicy) wants(index int, offered int64) bool {
	switch p.mode {
	case CompressAlways:
		return true
	case CompressNever:
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.compress {
		return true
	}
	every := probeEvery
	if offered < probeBytes {
		every = 4
	}
	return index%every == 0
}

func (p *compressPolicy) encoded(raw, wire int64, took time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e := &p.enc
	e[0], e[1], e[2] = e[0]+float64(raw), e[1]+float64(wire), e[2]+took.Seconds()
	if e[0] >= encodeWindow && e[2] > 0 {
		rate, ratio := e[0]/e[2], e[1]/e[0]
		if p.encRate == 0 {
			p.encRate = rate
		} else {
			p.encRate = (p.encRate + rate) / 2
		}
		if p.ratio == 1 {
			p.ratio = ratio
		} else {
			p.ratio = (p.ratio + ratio) / 2
		}
		*e = [3]float64{}
	}
}

// delivered records a message of raw bytes (wire on the wire) that Send blocked for held.
func (p *compressPolicy) delivered(raw, wire int64, held time.Duration, packed bool) {
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	wall := held
	if !p.last.IsZero() {
		wall = now.Sub(p.last)
	}
	p.last = now
	k := 0
	if packed {
		k = 1
	}
	w := &p.win[k]
	w[0], w[1], w[2], w[3] = w[0]+float64(raw), w[1]+float64(wire), w[2]+held.Seconds(), w[3]+max(wall, held).Seconds()
	if w[1] < policyWindow {
		return
	}
	rate, link, share := w[0]/max(w[3], 1e-6), w[1]/max(w[2], 1e-6), w[2]/max(w[3], 1e-6)
	*w = [4]float64{}
	p.windows[k]++
	if p.windows[k] <= 2 {
		p.rate[k], p.link[k], p.held[k] = rate, link, share
	} else {
		p.rate[k], p.link[k], p.held[k] = (p.rate[k]+rate)/2, (p.link[k]+link)/2, (p.held[k]+share)/2
	}
	p.decide()
}

func (p *compressPolicy) decide() {
	if p.mode != CompressAuto || p.rate[0] == 0 {
		return
	}
	raw := p.rate[0]
	if p.compress {
		if p.rate[1] != 0 && p.rate[1] < raw {
			p.compress = false
			p.backs++
		}
		return
	}
	if p.encRate == 0 || p.held[0] < linkBound {
		return // this machine, not the link, limits a raw push: compressing would only cost CPU
	}
	link := p.link[1]
	if link == 0 {
		link = p.link[0]
	}
	predicted := min(p.encRate*float64(p.workers), link/p.ratio)
	if p.rate[1] != 0 {
		predicted = min(predicted, p.rate[1])
	}
	if predicted > raw*switchUp*math.Pow(1.5, float64(p.backs)) {
		p.compress = true
	}
}
