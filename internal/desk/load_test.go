package desk

// Load and faults, on loopback only and bounded in count and time: many bureaus uploading at
// once, and a kill -9 of the desk in the middle of it. The desk runs as a child process (this
// test binary, TestDeskProcess), so that its peak memory is its own and it can be killed.

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/fonts"
)

// TestDeskProcess is the desk of the load and fault tests when run as their child process;
// otherwise it does nothing.
func TestDeskProcess(t *testing.T) {
	dir := os.Getenv("NIANBAO_DESK_DIR")
	if dir == "" {
		t.Skip("helper process of TestKillDuringUploads and BenchmarkUploads")
	}
	store, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	set, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: New(store, Options{Fonts: set, QueueWait: time.Minute})}
	ln, err := listenLoopback()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("listening http://%s\n", ln.Addr())
	srv.Serve(ln) // until killed
}

func listenLoopback() (net.Listener, error) { return net.Listen("tcp", "127.0.0.1:0") }

// deskProcess is a desk running in a child process on the folder.
type deskProcess struct {
	cmd  *exec.Cmd
	base string
}

func startDesk(t testing.TB, dir string) *deskProcess {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestDeskProcess$", "-test.v")
	cmd.Env = append(os.Environ(), "NIANBAO_DESK_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if addr, ok := strings.CutPrefix(sc.Text(), "listening "); ok {
			go func() {
				for sc.Scan() {
				}
			}()
			return &deskProcess{cmd: cmd, base: addr}
		}
	}
	t.Fatal("the desk process did not start")
	return nil
}

// peakRSS is the child's peak resident memory in MiB, from /proc (0 where there is none).
func (d *deskProcess) peakRSS() float64 {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", d.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

// cpu is the processor time the child has used, user and system, in seconds.
func (d *deskProcess) cpu() float64 {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", d.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses: utime and stime are the
	// 12th and 13th of them, in clock ticks (100 a second on Linux).
	fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	if len(fields) < 13 {
		return 0
	}
	u, _ := strconv.Atoi(fields[11])
	s, _ := strconv.Atoi(fields[12])
	return float64(u+s) / 100
}

// loadFolder is a year's folder with n agencies, and their tokens.
func loadFolder(t testing.TB, n int) (dir string, names, tokens []string) {
	t.Helper()
	dir = t.TempDir()
	store, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for i := range n {
		names = append(names, fmt.Sprintf("示例市第%03d局", i+1))
	}
	store.SaveSettings(Settings{Year: 2025})
	if err := store.SetAgencies(names, nil); err != nil {
		t.Fatal(err)
	}
	for _, a := range must(store.Agencies()) {
		tok, _ := store.AgencyToken(a)
		tokens = append(tokens, tok)
	}
	return dir, names, tokens
}

// versions are each agency's workbooks, distinct: version k has every number times k.
func versions(t testing.TB, names []string, k int) [][][]byte {
	out := make([][][]byte, len(names))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.NumCPU() {
		wg.Go(func() {
			for i := range next {
				for v := range k {
					out[i] = append(out[i], workbookTimes(t, names[i], float64(v+1)))
				}
			}
		})
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// acked are the uploads the desk acknowledged, per agency in order, and how long each took.
type acked struct {
	mu        sync.Mutex
	hashes    [][]string
	latencies []time.Duration
	failures  int
}

// uploadAll has every agency upload its versions one after another, all agencies at once.
// stop, when closed, ends the run (the desk is gone).
func uploadAll(base string, tokens []string, work [][][]byte, stop <-chan struct{}) *acked {
	client := &http.Client{
		Timeout:       2 * time.Minute,
		Transport:     &http.Transport{MaxIdleConnsPerHost: len(tokens)},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	res := &acked{hashes: make([][]string, len(tokens))}
	var wg sync.WaitGroup
	for i, tok := range tokens {
		wg.Go(func() {
			for _, data := range work[i] {
				select {
				case <-stop:
					return
				default:
				}
				var body bytes.Buffer
				mw := multipart.NewWriter(&body)
				fw, _ := mw.CreateFormFile("file", "年报.xlsx")
				fw.Write(data)
				mw.Close()
				start := time.Now()
				resp, err := client.Post(base+"/a/"+tok+"/upload", mw.FormDataContentType(), &body)
				took := time.Since(start)
				res.mu.Lock()
				if err == nil && resp.StatusCode == http.StatusSeeOther {
					sum := sha256.Sum256(data)
					res.hashes[i] = append(res.hashes[i], hex.EncodeToString(sum[:]))
					res.latencies = append(res.latencies, took)
				} else {
					res.failures++
				}
				res.mu.Unlock()
				if resp != nil {
					resp.Body.Close()
				}
			}
		})
	}
	wg.Wait()
	return res
}

// verify opens the folder and checks that every acknowledged upload is there, in order,
// unchanged, checked as its own agency's, and that the current copies are the latest.
func verify(t testing.TB, dir string, names []string, got *acked, complete bool) {
	t.Helper()
	store, err := Open(dir)
	if err != nil {
		t.Fatalf("reopening after the run: %v", err)
	}
	defer store.Close()
	for i, a := range must(store.Agencies()) {
		subs := must(store.Submissions(a.ID))
		var hashes []string
		for _, s := range subs {
			hashes = append(hashes, s.Hash)
			if hashOf(store.UploadPath(s.Hash)) != s.Hash {
				t.Errorf("%s: submission %d not kept unchanged", a.Name, s.Seq)
			}
			if s.Inspection.Agency != names[i] || s.Inspection.Problem != "" {
				t.Errorf("%s: submission %d checked as %q (%s)", a.Name, s.Seq, s.Inspection.Agency, s.Inspection.Problem)
			}
		}
		want := got.hashes[i]
		// Every acknowledged upload is in the log, in order; an upload the desk stored but
		// could not acknowledge before it died may follow.
		if len(hashes) < len(want) || !slices.Equal(hashes[:len(want)], want) || complete && len(hashes) != len(want) {
			t.Errorf("%s: log %d submissions, %d acknowledged", a.Name, len(hashes), len(want))
		}
		if len(subs) > 0 && hashOf(store.CurrentPath(a)) != subs[len(subs)-1].Hash {
			t.Errorf("%s: 已提交 is not the latest submission", a.Name)
		}
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, incomingDir)); len(entries) != 0 {
		t.Errorf("%d half-received files left after reopening", len(entries))
	}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if strings.HasSuffix(path, ".tmp") {
			t.Errorf("half-written file left after reopening: %s", path)
		}
		return nil
	})
}

// killAgencies is how many agencies upload in TestKillDuringUploads; at the scale of
// BenchmarkUploads:
//
//	go test ./internal/desk -run TestKillDuringUploads -v -killagencies 200
var killAgencies = flag.Int("killagencies", 20, "agencies uploading at once in TestKillDuringUploads")

// A kill -9 in the middle of many uploads loses nothing acknowledged and leaves no
// half-written file; the desk restarts on the folder and takes uploads again.
func TestKillDuringUploads(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the desk as a process and kills it")
	}
	dir, names, tokens := loadFolder(t, *killAgencies)
	work := versions(t, names, 6)
	desk := startDesk(t, dir)
	stop := make(chan struct{})
	done := make(chan *acked)
	go func() { done <- uploadAll(desk.base, tokens, work, stop) }()
	// Kill once a good part is acknowledged, while uploads are in flight.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if n := countSubs(dir); n >= len(names)*3/2 || time.Now().After(deadline) {
			break
		}
	}
	desk.cmd.Process.Signal(syscall.SIGKILL)
	desk.cmd.Wait()
	close(stop)
	got := <-done
	n := 0
	for _, h := range got.hashes {
		n += len(h)
	}
	if n == 0 || got.failures == 0 {
		t.Fatalf("%d acknowledged, %d failed: the kill did not fall in the middle", n, got.failures)
	}
	t.Logf("killed after %d acknowledged uploads; %d requests failed", n, got.failures)
	verify(t, dir, names, got, false)

	// The desk comes back and goes on.
	desk = startDesk(t, dir)
	again := uploadAll(desk.base, tokens[:1], [][][]byte{{workbookTimes(t, names[0], 7)}}, nil)
	if len(again.hashes[0]) != 1 {
		t.Errorf("upload after the restart: %d failed", again.failures)
	}
}

// countSubs counts the uploads kept in the folder, without opening its database.
func countSubs(dir string) int {
	entries, _ := os.ReadDir(filepath.Join(dir, uploadsDir))
	return len(entries)
}

// BenchmarkUploads: 200 agencies upload at once, then re-upload 5 times each (1,200 uploads,
// every one read and checked), against the desk in a child process:
//
//	go test ./internal/desk -run '^$' -bench Uploads -benchtime 1x
//
// It reports the latency of an upload (p50, p99) and the desk's peak resident memory, and
// checks that every acknowledged upload was stored and checked as its own agency's.
func BenchmarkUploads(b *testing.B) {
	const agencies, each = 200, 6
	dir, names, tokens := loadFolder(b, agencies)
	work := versions(b, names, each)
	desk := startDesk(b, dir)
	b.ResetTimer()
	var got *acked
	for range b.N {
		got = uploadAll(desk.base, tokens, work, nil)
	}
	b.StopTimer()
	peak, cpu := desk.peakRSS(), desk.cpu()
	desk.cmd.Process.Kill()
	desk.cmd.Wait()
	if got.failures > 0 {
		b.Errorf("%d uploads failed", got.failures)
	}
	slices.Sort(got.latencies)
	q := func(p float64) float64 { return got.latencies[int(p*float64(len(got.latencies)-1))].Seconds() }
	b.ReportMetric(q(0.5), "p50-s")
	b.ReportMetric(q(0.99), "p99-s")
	b.ReportMetric(peak, "peak-RSS-MB")
	b.ReportMetric(cpu/float64(len(got.latencies)), "desk-cpu-s/upload")
	b.ReportMetric(float64(len(got.latencies))/b.Elapsed().Seconds(), "uploads/s")
	if b.N == 1 {
		verify(b, dir, names, got, true)
	}
}
