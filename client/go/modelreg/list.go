package modelreg

import (
	"context"
	"iter"

	modelregv1 "github.com/modelreg/modelreg/client/go/gen/modelreg/v1"
)

// Model is the API's model message, re-exported for convenience.
type Model = modelregv1.Model

// AllModels, as ListVersions' model, searches the versions of every model the caller may read
// (the API's parent `models/-`); SearchVersions is the same.
const AllModels = "models/-"

// ListOptions select and order the items of a list (see docs/filters.md for the language).
// The zero value lists everything in the default order.
type ListOptions struct {
	// Filter is an AIP-160 filter, e.g. `metrics.f1 > 0.9 AND tags.team = "nlp"`. A bad one fails
	// with INVALID_ARGUMENT / INVALID_FILTER, whose Metadata gives the 0-based "position" and
	// what was "expected" there.
	Filter string
	// OrderBy is an AIP-132 order, comma-separated fields each optionally followed by `desc`,
	// e.g. `metrics.f1 desc, create_time`. Empty: models by name, a model's versions newest
	// first, a search by create_time newest first.
	OrderBy string
	// PageSize is how many items each call fetches (0: the server's default, 100).
	PageSize int32
	// Files asks for the versions' file manifests too (the FULL view); ignored by ListModels.
	Files bool
}

// ListModels yields the models matching opts.Filter in opts.OrderBy order, fetching pages as
// the loop advances; an error ends the sequence (yielded with a nil model).
//
//	for m, err := range c.ListModels(ctx, modelreg.ListOptions{Filter: `tags.team = "nlp"`}) {
//		if err != nil { return err }
//		fmt.Println(m.GetName())
//	}
func (c *Client) ListModels(ctx context.Context, opts ListOptions) iter.Seq2[*Model, error] {
	request := &modelregv1.ListModelsRequest{PageSize: opts.PageSize, Filter: opts.Filter, OrderBy: opts.OrderBy}
	return pages(ctx, c, func(ctx context.Context, token string) ([]*Model, string, error) {
		request.PageToken = token
		resp, err := c.registry.ListModels(ctx, request)
		return resp.GetModels(), resp.GetNextPageToken(), err
	})
}

// ListVersions yields a model's versions matching opts.Filter in opts.OrderBy order (default:
// newest first); model AllModels searches every model, as SearchVersions does.
func (c *Client) ListVersions(ctx context.Context, model string, opts ListOptions) iter.Seq2[*Version, error] {
	view := modelregv1.VersionView_VERSION_VIEW_BASIC
	if opts.Files {
		view = modelregv1.VersionView_VERSION_VIEW_FULL
	}
	request := &modelregv1.ListVersionsRequest{Parent: model, PageSize: opts.PageSize, View: view,
		Filter: opts.Filter, OrderBy: opts.OrderBy}
	return pages(ctx, c, func(ctx context.Context, token string) ([]*Version, string, error) {
		request.PageToken = token
		resp, err := c.registry.ListVersions(ctx, request)
		return resp.GetVersions(), resp.GetNextPageToken(), err
	})
}

// SearchVersions yields the versions of every model the caller may read that match opts.Filter,
// in opts.OrderBy order (default: newest create_time first):
//
//	c.SearchVersions(ctx, modelreg.ListOptions{Filter: `metrics.f1 > 0.9 AND tags.team = "nlp"`,
//		OrderBy: "metrics.f1 desc"})
func (c *Client) SearchVersions(ctx context.Context, opts ListOptions) iter.Seq2[*Version, error] {
	return c.ListVersions(ctx, AllModels, opts)
}

// pages runs fetch page after page (each call with the client's unary timeout) and yields the
// items until the last page, the caller's break, or an error.
func pages[T any](ctx context.Context, c *Client, fetch func(context.Context, string) ([]T, string, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		token := ""
		for {
			callCtx, cancel := c.unaryContext(ctx)
			items, next, err := fetch(callCtx, token)
			cancel()
			if err != nil {
				var zero T
				yield(zero, FromError(err))
				return
			}
			for _, item := range items {
				if !yield(item, nil) {
					return
				}
			}
			if next == "" {
				return
			}
			token = next
		}
	}
}
