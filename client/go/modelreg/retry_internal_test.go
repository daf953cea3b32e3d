package modelreg

import (
	"testing"
	"time"
)

func TestRetryDelay(t *testing.T) {
	for n, ceiling := range []time.Duration{100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000} {
		ceiling *= time.Millisecond
		for range 200 {
			if d := retryDelay(n, nil); d < ceiling/2 || d > ceiling {
				t.Fatalf("retry %d: %s, want %s..%s", n, d, ceiling/2, ceiling)
			}
		}
	}
	if d := retryDelay(1000, nil); d < 2500*time.Millisecond || d > 5*time.Second {
		t.Fatalf("retry 1000: %s", d)
	}
}
