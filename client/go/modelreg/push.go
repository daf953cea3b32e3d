package modelreg

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"sync"
	"time"

	modelregv1 "github.com/modelreg/modelreg/client/go/gen/modelreg/v1"
)

// PushMessageBytes is about how many bytes of chunk data go in one UploadChunks message (chunks
// are packed until the next would pass it), as the Python SDK packs them.
const PushMessageBytes = 1024 * 1024

// findMissingBatch is the most digests one FindMissingChunks call takes.
const findMissingBatch = 10_000

// Compress modes of PushOptions.Compress.
const (
	CompressAuto   = "auto"
	CompressAlways = "always"
	CompressNever  = "never"
)

// PushOptions configure Push. The zero value (or nil) pushes with no aliases or metadata, in the
// compress mode of $MODELREG_COMPRESS (else auto).
type PushOptions struct {
	// Aliases to point at the new version, in the same transaction as its creation.
	Aliases []string
	// Metrics, Params and Tags of the new version; Description its description.
	Metrics     map[string]float64
	Params      map[string]string
	Tags        map[string]string
	Description string
	// Progress, if set, is called with the phase ("scan" while files are cut into chunks,
	// "upload" while missing chunks are sent), the raw bytes done and the phase's total: first
	// with done 0, then as bytes are done. Calls come from one goroutine at a time.
	Progress func(phase string, done, total int64)
	// Compress is whether chunks travel compressed: CompressAlways encodes every chunk (the
	// smallest transfer), CompressNever sends them raw, CompressAuto (the default) measures the
	// encoder and the link during the push and compresses only while that is predicted to move
	// the bytes faster (see compressPolicy). The server compresses raw chunks at rest either way.
	Compress string
	// Attempts bounds how often the upload and commit are tried when the commit is refused with
	// CHUNKS_MISSING (default 3). Cut uploads and UNAVAILABLE calls follow the retry policy
	// (retry.go): an upload resumes until 8 failures in a row without progress.
	Attempts int
	// Workers is how many files are scanned and chunks encoded at once (default: the CPUs, 2..8).
	Workers int
}

// Push uploads a file or directory as a new version of model and returns the version.
//
// The files are cut into content-defined chunks exactly as the Python SDK cuts them (FastCDC 2020,
// 256 KiB..4 MiB, a safetensors file also at its header end and tensor edges), so the version has
// the digest a push of the same directory from any client gets, and only chunks the server lacks
// (FindMissingChunks) are sent. A push cut short (a dropped connection, a cancelled context) and
// run again sends only what is still missing; within one call, a cut upload resumes (asking
// FindMissingChunks again) by the retry policy, and the commit carries one request id across
// attempts, so it creates one version. File paths must be portable (docs/paths.md): otherwise an *Error INVALID_ARGUMENT
// (INVALID_PATH, PATH_COLLISION) names the file before anything is read or sent. A file that
// changes while it is pushed is an *IntegrityError (FILE_CHANGED).
func (c *Client) Push(ctx context.Context, model, dir string, opts *PushOptions) (*Version, error) {
	if opts == nil {
		opts = &PushOptions{}
	}
	mode := opts.Compress
	if mode == "" {
		mode = os.Getenv("MODELREG_COMPRESS")
	}
	if mode == "" {
		mode = CompressAuto
	}
	if mode != CompressAuto && mode != CompressAlways && mode != CompressNever {
		return nil, fmt.Errorf("modelreg: compress must be one of auto, always, never, not %q", mode)
	}
	attempts := opts.Attempts
	if attempts == 0 {
		attempts = 3
	}
	if attempts < 1 {
		return nil, fmt.Errorf("modelreg: attempts must be at least 1, not %d", attempts)
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = min(8, max(2, runtime.NumCPU()))
	}
	files, err := ListFiles(dir)
	if err != nil {
		return nil, err
	}
	var total int64
	for _, f := range files {
		total += f.Size
	}
	scanned := newCounter("scan", total, opts.Progress)
	if err := ScanFiles(files, workers, scanned.add); err != nil {
		return nil, err
	}
	entries := make([]*FileEntry, len(files))
	for i, f := range files {
		entries[i] = f.Entry()
	}
	request := &modelregv1.CreateVersionRequest{ModelId: model, Files: entries, Description: opts.Description,
		Tags: opts.Tags, Metrics: opts.Metrics, Params: opts.Params, Aliases: opts.Aliases, RequestId: requestID()}
	p := &pusher{c: c, files: files, progress: opts.Progress, workers: workers,
		policy: newCompressPolicy(mode, workers)}
	for attempt := 0; ; attempt++ {
		err := p.uploadMissing(ctx)
		if err == nil {
			var version *Version
			version, err = c.createVersion(ctx, request) // retried by the unary policy, one request id
			if err == nil {
				return version, nil
			}
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if Reason(err) == "CHUNKS_MISSING" && attempt < attempts-1 {
			continue // chunks went missing meanwhile (e.g. a corrupt copy quarantined): send them again
		}
		return nil, err
	}
}

func (c *Client) createVersion(ctx context.Context, request *modelregv1.CreateVersionRequest) (*Version, error) {
	ctx, cancel := c.unaryContext(ctx)
	defer cancel()
	resp, err := c.registry.CreateVersion(ctx, request)
	if err != nil {
		return nil, FromError(err)
	}
	return resp.GetVersion(), nil
}

// requestID is a random 128-bit hex id: CreateVersion's request_id, the same across attempts.
func requestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// counter adds up a phase's bytes and reports them to a PushOptions.Progress.
type counter struct {
	mu          sync.Mutex
	phase       string
	done, total int64
	progress    func(string, int64, int64)
}

func newCounter(phase string, total int64, progress func(string, int64, int64)) *counter {
	c := &counter{phase: phase, total: total, progress: progress}
	if progress != nil {
		progress(phase, 0, total)
	}
	return c
}

func (c *counter) add(n int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.done += n
	if c.progress != nil {
		c.progress(c.phase, c.done, c.total)
	}
}

// pusher is one Push's upload state.
type pusher struct {
	c        *Client
	files    []*LocalFile
	progress func(string, int64, int64)
	workers  int
	policy   *compressPolicy
}

// uploadMissing asks which chunks the server lacks and sends those, asking again after a
// retryable failure (so nothing stored is sent twice).
func (p *pusher) uploadMissing(ctx context.Context) error {
	var digests []string
	sizes := map[string]int64{}
	for _, f := range p.files {
		for _, ch := range f.Chunks {
			if _, seen := sizes[ch.Digest]; !seen {
				digests = append(digests, ch.Digest)
				sizes[ch.Digest] = ch.Size
			}
		}
	}
	failures, fewest := 0, len(digests)+1
	for {
		missing, err := p.c.findMissing(ctx, digests) // retried by the unary policy
		if err != nil {
			return err
		}
		if len(missing) < fewest {
			failures, fewest = 0, len(missing) // progress since the last failure
		}
		var total int64
		for d := range missing {
			total += sizes[d]
		}
		uploaded := newCounter("upload", total, p.progress)
		if len(missing) == 0 {
			return nil
		}
		if err = p.upload(ctx, missing, uploaded); err == nil {
			return nil
		}
		if Reason(err) == "CHUNK_DIGEST_MISMATCH" {
			// Chunks are not hashed twice: the server's check is what sees a file changed since
			// it was scanned.
			path := ""
			if e := (*Error)(nil); errors.As(err, &e) {
				path = p.pathOf(e.Metadata["digest"])
			}
			return &IntegrityError{Reason: "FILE_CHANGED", Path: path, Offset: -1,
				Msg: "the file changed while it was being pushed"}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if !resumable(err) {
			return err
		}
		failures++
		if failures >= streamFailures {
			return err
		}
		// Resume: ask FindMissingChunks again and send only what is still missing.
		if err := sleep(ctx, retryDelay(failures-1, err)); err != nil {
			return err
		}
	}
}

func (p *pusher) pathOf(digest string) string {
	for _, f := range p.files {
		for _, ch := range f.Chunks {
			if ch.Digest == digest {
				return f.Path
			}
		}
	}
	return ""
}

// findMissing is the set of digests the server lacks, asked in batches of findMissingBatch.
func (c *Client) findMissing(ctx context.Context, digests []string) (map[string]bool, error) {
	missing := map[string]bool{}
	for start := 0; start < len(digests); start += findMissingBatch {
		batch := digests[start:min(start+findMissingBatch, len(digests))]
		callCtx, cancel := c.unaryContext(ctx)
		resp, err := c.transfer.FindMissingChunks(callCtx, &modelregv1.FindMissingChunksRequest{Digests: batch})
		cancel()
		if err != nil {
			return nil, FromError(err)
		}
		for _, d := range resp.GetMissingDigests() {
			missing[d] = true
		}
	}
	return missing, nil
}

// wanted is a chunk to send: where it is, and once read and encoded, the message part.
type wanted struct {
	file  *LocalFile
	chunk Chunk
	out   *modelregv1.Chunk
	err   error
	ready chan struct{}
}

// upload sends each missing chunk once over one UploadChunks stream: files are read in order
// (each chunk from its first file), chunks are encoded (or not: the policy decides) on p.workers
// goroutines while earlier messages are sent, in order, packed up to PushMessageBytes.
func (p *pusher) upload(ctx context.Context, missing map[string]bool, uploaded *counter) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := p.c.transfer.UploadChunks(ctx)
	if err != nil {
		return FromError(err)
	}
	jobs := make(chan *wanted)
	queue := make(chan *wanted, 2*p.workers) // in file order; bounds the chunks held in memory
	var wg sync.WaitGroup
	for range p.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for w := range jobs {
				p.encode(w)
				close(w.ready)
			}
		}()
	}
	go func() {
		defer close(queue)
		defer close(jobs)
		p.read(ctx, missing, jobs, queue)
	}()
	defer wg.Wait()
	defer cancel() // stops the reader before waiting for the encoders

	var batch []*modelregv1.Chunk
	batchBytes := 0
	send := func() error {
		if len(batch) == 0 {
			return nil
		}
		var raw, wire, rawWire int64
		for _, ch := range batch {
			raw += ch.GetRawSize()
			wire += int64(len(ch.GetData()))
			if ch.GetCodec() == modelregv1.Codec_CODEC_NONE {
				rawWire += int64(len(ch.GetData()))
			}
		}
		handed := time.Now()
		if err := stream.Send(&modelregv1.UploadChunksRequest{Chunks: batch}); err != nil {
			return err
		}
		// Send blocks while gRPC's flow control holds the message: the time the link needed.
		p.policy.delivered(raw, wire, time.Since(handed), rawWire*2 < wire)
		uploaded.add(raw)
		batch, batchBytes = nil, 0
		return nil
	}
	for w := range queue {
		<-w.ready
		if w.err != nil {
			return w.err
		}
		if len(batch) > 0 && batchBytes+len(w.out.GetData()) > PushMessageBytes {
			if err := send(); err != nil {
				return p.streamError(stream, err)
			}
		}
		batch = append(batch, w.out)
		batchBytes += len(w.out.GetData())
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := send(); err != nil {
		return p.streamError(stream, err)
	}
	if _, err := stream.CloseAndRecv(); err != nil {
		return FromError(err)
	}
	return nil
}

// streamError is the status behind a failed Send (io.EOF: the server ended the stream).
func (p *pusher) streamError(stream modelregv1.TransferService_UploadChunksClient, err error) error {
	if errors.Is(err, io.EOF) {
		_, err = stream.CloseAndRecv()
	}
	return FromError(err)
}

// read hands the missing chunks, each once, in file and offset order, to the encoders and the
// sender (through queue, which keeps that order); it stops at the first chunk it cannot read.
func (p *pusher) read(ctx context.Context, missing map[string]bool, jobs, queue chan<- *wanted) {
	seen := map[string]bool{}
	index := 0
	var offered int64
	for _, f := range p.files {
		var chunks []Chunk
		for _, ch := range f.Chunks {
			if missing[ch.Digest] && !seen[ch.Digest] {
				seen[ch.Digest] = true
				chunks = append(chunks, ch)
			}
		}
		sort.Slice(chunks, func(i, j int) bool { return chunks[i].Offset < chunks[j].Offset })
		if len(chunks) > 0 && !p.readFile(ctx, f, chunks, &index, &offered, jobs, queue) {
			return
		}
	}
}

// readFile reads the given chunks of one file (opened once); false means stop reading.
func (p *pusher) readFile(ctx context.Context, f *LocalFile, chunks []Chunk, index *int, offered *int64,
	jobs, queue chan<- *wanted) bool {
	fh, err := os.Open(f.Source)
	if err == nil {
		defer fh.Close()
	}
	for _, ch := range chunks {
		w := &wanted{file: f, chunk: ch, ready: make(chan struct{}),
			out: &modelregv1.Chunk{Digest: ch.Digest, RawSize: ch.Size}}
		if err == nil {
			w.out.Data = make([]byte, ch.Size)
			if n, _ := fh.ReadAt(w.out.Data, ch.Offset); n != len(w.out.Data) {
				err = &IntegrityError{Reason: "FILE_CHANGED", Path: f.Path, Offset: -1,
					Msg: fmt.Sprintf("%s changed while it was being pushed", f.Source)}
			}
		}
		w.err = err
		*offered += ch.Size
		compress := p.policy.wants(*index, *offered)
		*index++
		select {
		case queue <- w:
		case <-ctx.Done():
			return false
		}
		if w.err != nil || !compress {
			p.finishRaw(w)
			close(w.ready)
			if w.err != nil {
				return false // the sender reports it
			}
			continue
		}
		select {
		case jobs <- w:
		case <-ctx.Done():
			close(w.ready)
			return false
		}
	}
	return true
}

// finishRaw makes w a raw chunk with the CompressHint its file's layout gives, so the server
// compresses it at rest.
func (p *pusher) finishRaw(w *wanted) {
	if w.err != nil {
		return
	}
	w.out.Codec = modelregv1.Codec_CODEC_NONE
	switch floatWidth(w.file.floats, w.chunk.Offset, w.chunk.Size) {
	case 4:
		w.out.CompressHint = modelregv1.CompressHint_COMPRESS_HINT_FLOAT32
	case 2:
		w.out.CompressHint = modelregv1.CompressHint_COMPRESS_HINT_FLOAT16
	default:
		w.out.CompressHint = modelregv1.CompressHint_COMPRESS_HINT_GUESS
	}
}

// encode compresses w's chunk; an encoded chunk, or one found incompressible, carries no hint.
func (p *pusher) encode(w *wanted) {
	began := time.Now()
	codec, payload, err := EncodeChunkAs(w.out.Data, floatWidth(w.file.floats, w.chunk.Offset, w.chunk.Size))
	if err != nil {
		w.err = err
		return
	}
	p.policy.encoded(w.chunk.Size, int64(len(payload)), time.Since(began))
	w.out.Codec, w.out.Data = codec, payload
	w.out.CompressHint = modelregv1.CompressHint_COMPRESS_HINT_UNSPECIFIED
}
