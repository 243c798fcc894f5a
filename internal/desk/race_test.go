package desk

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/app"
)

// sleepyEngine, once blocking is set, holds every use case until gate is closed and then
// writes its output, with nothing to tell the desk it is done but its return: a desk that
// stopped waiting for it must not touch what it still writes. It ignores its context on
// purpose, as a use case in a long computation may: the desk's safety cannot rest on the job
// noticing. Run under -race.
type sleepyEngine struct {
	fakeEngine
	blocking bool           // set by the test before the request whose job is to be held
	started  chan struct{}  // one value per held job, sent once it has begun
	gate     chan struct{}  // closed to let the held jobs finish
	jobs     sync.WaitGroup // the held jobs still running
}

// nap holds a job until the gate opens; its caller calls the returned func when done.
func (e *sleepyEngine) nap(ctx context.Context) func() {
	if !e.blocking {
		return func() {}
	}
	e.jobs.Add(1)
	e.started <- struct{}{}
	<-e.gate
	return e.jobs.Done
}

func (e *sleepyEngine) Template(ctx context.Context, dst, agency string, year int, edition string) error {
	defer e.nap(ctx)()
	return e.fakeEngine.Template(ctx, dst, agency, year, edition)
}

func (e *sleepyEngine) Inspect(ctx context.Context, path, name string) Inspection {
	defer e.nap(ctx)()
	return e.fakeEngine.Inspect(ctx, path, name)
}

func (e *sleepyEngine) Annotate(ctx context.Context, src, dst string) error {
	defer e.nap(ctx)()
	return e.fakeEngine.Annotate(ctx, src, dst)
}

func (e *sleepyEngine) Render(ctx context.Context, src, dst string) error {
	defer e.nap(ctx)()
	return e.fakeEngine.Render(ctx, src, dst)
}

func (e *sleepyEngine) RenderRollup(ctx context.Context, src, dst string, leftOut []string) error {
	defer e.nap(ctx)()
	return e.fakeEngine.RenderRollup(ctx, src, dst, leftOut)
}

func (e *sleepyEngine) Overview(ctx context.Context, dst string, rows []app.StatusRow) error {
	defer e.nap(ctx)()
	return e.fakeEngine.Overview(ctx, dst, rows)
}

func (e *sleepyEngine) Rollup(ctx context.Context, dst string, inputs []RollupInput, owner string, leftOut []string) error {
	defer e.nap(ctx)()
	return e.fakeEngine.Rollup(ctx, dst, inputs, owner, leftOut)
}

// Every action that runs in a worker slot, when its time limit passes or its client leaves
// before the job ends: the desk answers (503, or nothing to a client that left), records
// nothing for a check it did not see end, and shares nothing with the job it left running.
// On the desk before the job's result came back over a channel, -race reported the roll-up
// writing the error its handler had already set (see the issue 17 note).
func TestSlotTimeoutAndCancelNoRace(t *testing.T) {
	actions := []string{"upload", "template", "templates.zip", "annotated", "pdf", "html", "results.xlsx", "rollup.xlsx", "rollup.pdf", "reports.zip"}
	for _, leave := range []string{"timeout", "cancel"} {
		for _, action := range actions {
			t.Run(leave+" "+action, func(t *testing.T) {
				t.Parallel()
				eng := &sleepyEngine{fakeEngine: fakeEngine{release: make(chan struct{})},
					started: make(chan struct{}, 1), gate: make(chan struct{})}
				opt := Options{Engine: eng, Workers: 8}
				if leave == "timeout" {
					opt.CheckTimeout, opt.OutputTimeout, opt.BatchTimeout = 20*time.Millisecond, 20*time.Millisecond, 20*time.Millisecond
				}
				d := newTestDesk(t, opt)
				eng.year = d.engine.year
				// One accepted submission to make outputs of, made while the engine is quick.
				if rec := d.upload(d.tokens[0], "fine", nil); rec.Code != http.StatusSeeOther {
					t.Fatalf("upload: %d", rec.Code)
				}
				eng.blocking = true
				path := map[string]string{
					"template":      "/a/" + d.tokens[1] + "/template.xlsx",
					"templates.zip": "/c/" + d.coord + "/templates.zip",
					"annotated":     "/a/" + d.tokens[0] + "/1/annotated.xlsx",
					"pdf":           "/a/" + d.tokens[0] + "/1/pdf",
					"html":          "/c/" + d.coord + "/agency/1/1/html",
					"results.xlsx":  "/c/" + d.coord + "/results.xlsx",
					"rollup.xlsx":   "/c/" + d.coord + "/rollup.xlsx",
					"rollup.pdf":    "/c/" + d.coord + "/rollup.pdf",
					"reports.zip":   "/c/" + d.coord + "/reports.zip",
				}[action]
				// The client leaves while its job is held, however slowly a loaded machine runs
				// either: no time limit or timer decides the order.
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				left := make(chan struct{})
				if leave == "cancel" {
					go func() {
						<-eng.started
						cancel()
						close(left)
					}()
				}
				var rec *httptest.ResponseRecorder
				if action == "upload" {
					rec = d.uploadCtx(ctx, d.tokens[1], "fine")
				} else {
					req := httptest.NewRequest("GET", path, nil).WithContext(ctx)
					rec = httptest.NewRecorder()
					d.srv.ServeHTTP(rec, req)
				}
				if leave == "timeout" {
					<-eng.started // the job was held past its limit, not refused before it began
					if rec.Code != http.StatusServiceUnavailable {
						t.Errorf("past its time limit: %d", rec.Code)
					}
				} else {
					<-left
					if rec.Code == http.StatusOK && rec.Body.Len() > 0 {
						t.Errorf("answered a client that left: %d", rec.Code)
					}
				}
				// The job left running finishes now, writing while -race watches.
				close(eng.gate)
				eng.jobs.Wait()
				if a, _ := d.store.Agency(d.ids[1]); a.Subs != 0 {
					t.Errorf("%d uploads recorded whose check the desk did not see end", a.Subs)
				}
				sub := must(d.store.Submission(d.ids[0], 1))
				for _, kind := range []string{kindAnnotated, "pdf", "html"} {
					// an output finished after its caller left is complete or absent
					if data, err := os.ReadFile(d.store.OutputPath(sub.Hash, kind)); err == nil && string(data) != "fine" {
						t.Errorf("%s holds %q", kind, data)
					}
				}
			})
		}
	}
}
