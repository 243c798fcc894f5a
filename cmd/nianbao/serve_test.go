package main

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/desk"
)

// deskFolder is a year's folder with two agencies.
func deskFolder(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "2025年报")
	store, err := desk.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := store.SetAgencies([]string{"甲局", "乙局"}, nil); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestServeLinks(t *testing.T) {
	t.Parallel()
	dir := deskFolder(t)
	code, out, stderr := runCLI(t, "serve", dir, "--links", "--url", "http://10.1.2.3:8080")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !strings.HasPrefix(lines[0], "甲局\thttp://10.1.2.3:8080/a/") || !strings.HasPrefix(lines[1], "乙局\t") {
		t.Fatalf("exit %d\n%s%s", code, out, stderr)
	}
	// The links are the same on every run: they can be printed again at any time.
	if _, again, _ := runCLI(t, "serve", dir, "--links", "--url", "http://10.1.2.3:8080"); again != out {
		t.Errorf("links changed between runs:\n%s\n%s", out, again)
	}
	// Not while a desk has the folder open.
	store, err := desk.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if code, _, stderr := runCLI(t, "serve", dir, "--links"); code != exitInput || !strings.Contains(stderr, "链接清单.xlsx") {
		t.Errorf("links of a folder in use: exit %d, %s", code, stderr)
	}
}

func TestServeUsageErrors(t *testing.T) {
	t.Parallel()
	dir := deskFolder(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", dir, "other"}, "只能指定一个年度文件夹"},
		{[]string{"serve", dir, "--tls-cert", "x.pem"}, "须同时指定"},
		{[]string{"serve", dir, "--tls-cert", "x.pem", "--tls-key", "y.pem", "--no-browser"}, "无法读取 HTTPS 证书或私钥"},
		{[]string{"serve", dir, "--listen", "127.0.0.1:99999", "--no-browser"}, "无法在 127.0.0.1:99999 上启动"},
	} {
		if code, _, stderr := runCLI(t, c.args...); code != exitInput || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %q", c.args, code, stderr, c.want)
		}
	}
}

// selfSigned writes a certificate for 127.0.0.1 and its key, and returns their paths and a
// pool that trusts it.
func selfSigned(t *testing.T) (cert, key string, pool *x509.CertPool) {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cert, key = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	parsed, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(parsed)
	return cert, key, pool
}

// The desk over HTTPS: it prints the coordinator's address on one line, serves it, logs the
// request without the token, and stops when asked.
func TestServeTLS(t *testing.T) {
	t.Parallel()
	dir := deskFolder(t)
	cert, key, pool := selfSigned(t)
	outR, outW := io.Pipe()
	var errOut lockedWriter
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		app := newApp(&IOStreams{Out: outW, ErrOut: &errOut})
		done <- app.RunContext(ctx, flagsFirst([]string{"nianbao", "serve", dir,
			"--listen", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key, "--no-browser"}, app.Commands))
		outW.Close()
	}()
	lines := bufio.NewScanner(outR)
	if !lines.Scan() {
		t.Fatalf("nothing printed: %v\n%s", <-done, errOut.String())
	}
	_, addr, ok := strings.Cut(lines.Text(), "：")
	if !ok || !strings.HasPrefix(addr, "https://127.0.0.1:") || !strings.Contains(addr, "/c/") {
		t.Fatalf("first line %q", lines.Text())
	}
	go io.Copy(io.Discard, outR)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.Get(addr)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), "报送进度") {
		t.Errorf("coordinator's page over HTTPS: %d", resp.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve returned %v", err)
	}
	token := addr[strings.Index(addr, "/c/")+3 : len(addr)-1]
	if log := errOut.String(); !strings.Contains(log, "GET /c/…/ 200") || strings.Contains(log, token) {
		t.Errorf("access log:\n%s", log)
	}
}

// lockedWriter lets the server's goroutines and the test share a builder.
type lockedWriter struct {
	mu sync.Mutex
	w  strings.Builder
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}

func (w *lockedWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.String()
}

// The default port taken, the desk takes another; a port asked for is not replaced.
func TestServeListensElsewhereWhenTheDefaultIsTaken(t *testing.T) {
	t.Parallel()
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	var notice strings.Builder
	ln, err := listenOn(taken.Addr().String(), false, &notice)
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	if ln.Addr().String() == taken.Addr().String() || !strings.Contains(notice.String(), "已被占用，改用 127.0.0.1:") {
		t.Errorf("listened on %s, said %q", ln.Addr(), notice.String())
	}
	if _, err := listenOn(taken.Addr().String(), true, io.Discard); err == nil || !strings.Contains(err.Error(), "该端口可能已被占用") {
		t.Errorf("a port asked for: %v", err)
	}
}
