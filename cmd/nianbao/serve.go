package main

// nianbao serve: the web desk, where bureaus hand in their workbooks through personal links
// and the coordinator watches progress and publishes (internal/desk).

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/nianbao/nianbao/internal/desk"
	"github.com/urfave/cli/v2"
)

func serveCommand() *cli.Command {
	return &cli.Command{
		Name:      "serve",
		Usage:     "启动网上报送台：各单位通过专用链接上传工作簿，汇总单位查看进度、审核和发布",
		UsageText: "nianbao serve [年度文件夹] [--listen 地址:端口] [--url 对外地址] [--links] [--tls-cert 证书 --tls-key 私钥]",
		Description: "在本机启动报送网站，显示汇总单位的管理地址（含口令，请勿外传），并打开浏览器。\n" +
			"年度文件夹保存全部报送材料（不存在时自动创建；不指定时使用“文档”下的“政府信息公开年报”文件夹）：\n" +
			"各单位当前的工作簿在其中的“已提交”文件夹，可直接用 nianbao check、status、render 处理。\n" +
			"默认只允许本机访问（127.0.0.1）。让其他单位通过内网访问时，用 --listen 0.0.0.0:8080 监听全部网卡，\n" +
			"并用 --url 指定各单位访问的地址（如 http://10.1.2.3:8080），写入各单位的专用链接；建议同时启用 HTTPS。\n" +
			"--links 列出各单位的专用链接（每行“机关名称<TAB>链接”，可用于邮件合并）后退出。",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "listen", Value: "127.0.0.1:8080", Usage: "监听的`地址:端口`"},
			&cli.StringFlag{Name: "url", Usage: "各单位访问报送台的`地址`，写入专用链接（默认按监听地址）"},
			&cli.BoolFlag{Name: "links", Usage: "列出各单位的专用链接后退出"},
			&cli.StringFlag{Name: "tls-cert", Usage: "HTTPS 证书`文件`（PEM）", TakesFile: true},
			&cli.StringFlag{Name: "tls-key", Usage: "HTTPS 私钥`文件`（PEM）", TakesFile: true},
			&cli.BoolFlag{Name: "no-browser", Usage: "不自动打开浏览器"},
		}, fontFlags()...),
		Action: serveAction,
	}
}

func serveAction(c *cli.Context) error {
	if c.NArg() > 1 {
		return inputErrorf("只能指定一个年度文件夹，多余的参数：%s。", strings.Join(c.Args().Tail(), " "))
	}
	dir := c.Args().First()
	if dir == "" {
		dir = defaultDeskDir()
	}
	if (c.String("tls-cert") == "") != (c.String("tls-key") == "") {
		return inputErrorf("--tls-cert 和 --tls-key 须同时指定。")
	}
	store, err := desk.Open(dir)
	switch {
	case errors.Is(err, desk.ErrLocked) && c.Bool("links"):
		return inputErrorf("该文件夹正由运行中的报送台使用：%s。请在管理页面“各单位链接”中下载链接清单.xlsx，或先停止报送台。", dir)
	case errors.Is(err, desk.ErrLocked):
		return inputErrorf("该文件夹正由另一个 nianbao serve 使用：%s。", dir)
	case err != nil:
		if msg, code := describe(err); code == exitInput {
			return inputErrorf("无法打开年度文件夹 %s：%s", dir, msg)
		}
		return inputErrorf("无法打开年度文件夹：%s（%v）。", dir, err)
	}
	defer store.Close()
	set, err := loadFonts(c)
	if err != nil {
		return err
	}
	listen := c.String("listen")
	scheme := "http"
	if c.String("tls-cert") != "" {
		scheme = "https"
	}
	options := desk.Options{Fonts: set, BaseURL: c.String("url"), AccessLog: c.App.ErrWriter}
	if c.Bool("links") {
		if options.BaseURL == "" {
			options.BaseURL = scheme + "://" + listen
		}
		srv := desk.New(store, options)
		agencies, err := store.Agencies()
		if err != nil {
			return inputErrorf("无法读取年度文件夹的数据库：%s（%v）。", dir, err)
		}
		for _, a := range agencies {
			if u, ok := srv.AgencyURL(a); ok {
				fmt.Fprintf(c.App.Writer, "%s\t%s\n", a.Name, u)
			}
		}
		return nil
	}
	var tlsConfig *tls.Config
	if scheme == "https" {
		pair, err := tls.LoadX509KeyPair(c.String("tls-cert"), c.String("tls-key"))
		if err != nil {
			return inputErrorf("无法读取 HTTPS 证书或私钥（%s、%s）：%v。", c.String("tls-cert"), c.String("tls-key"), err)
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}
	}
	ln, err := listenOn(listen, c.IsSet("listen"), c.App.ErrWriter)
	if err != nil {
		return err
	}
	if options.BaseURL == "" {
		options.BaseURL = scheme + "://" + ln.Addr().String()
	}
	srv := desk.New(store, options)
	if u, err := url.Parse(options.BaseURL); err == nil && isLoopback(u.Hostname()) {
		fmt.Fprintln(c.App.ErrWriter, "注意：各单位的链接只能在本机打开。让其他单位通过内网报送时，请用 --listen 0.0.0.0:8080 --url http://本机内网地址:8080 启动。")
	}
	if host, _, _ := net.SplitHostPort(listen); !isLoopback(host) {
		fmt.Fprintf(c.App.ErrWriter, "注意：报送台监听 %s，同一网络中的计算机都可以访问；每个页面都需要专用链接中的口令。\n", listen)
		if !c.IsSet("url") {
			fmt.Fprintln(c.App.ErrWriter, "注意：未指定 --url，各单位的链接按监听地址生成，其他计算机可能无法打开；请用 --url 指定各单位访问的地址。")
		}
		if scheme == "http" {
			fmt.Fprintln(c.App.ErrWriter, "注意：未启用 HTTPS，链接和文件以明文传输。建议用 --tls-cert、--tls-key 启用，或置于 nginx 之后。")
		}
	}
	coordinator := srv.CoordinatorURL()
	fmt.Fprintf(c.App.Writer, "报送台已启动，管理地址（含口令，请勿外传）：%s\n", coordinator)
	fmt.Fprintf(c.App.Writer, "年度文件夹：%s。按 Ctrl+C 停止。\n", dir)
	if !c.Bool("no-browser") {
		openBrowser(coordinator)
	}
	hs := &http.Server{Handler: srv, TLSConfig: tlsConfig, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	ctx, stop := signal.NotifyContext(c.Context, stopSignals...)
	defer stop()
	done := make(chan error, 1)
	go func() {
		if tlsConfig != nil {
			done <- hs.ServeTLS(ln, "", "")
		} else {
			done <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-done:
		return inputErrorf("报送台停止：%v。", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	hs.Shutdown(shutdown)
	fmt.Fprintln(c.App.Writer, "报送台已停止。")
	return nil
}

// listenOn listens on addr. When addr is only the default and its port is taken (another
// program, or the desk of another year), any free port of this computer will do, as the
// default desk is reached from this computer only; the notice says which.
func listenOn(addr string, asked bool, notice io.Writer) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil && !asked {
		if ln, err = net.Listen("tcp", "127.0.0.1:0"); err == nil {
			fmt.Fprintf(notice, "注意：%s 已被占用，改用 %s。\n", addr, ln.Addr())
		}
	}
	if err != nil {
		return nil, inputErrorf("无法在 %s 上启动：%v。该端口可能已被占用，请用 --listen 换一个端口。", addr, err)
	}
	return ln, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// defaultDeskDir is the folder used when none is given: under the user's Documents, where a
// desk started by double-clicking nianbao.exe keeps its files.
func defaultDeskDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return "政府信息公开年报"
	}
	return filepath.Join(home, "Documents", "政府信息公开年报")
}

// openBrowser opens the address in the default browser, when there is one.
func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		cmd = exec.Command("open", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if cmd.Start() == nil {
		go cmd.Wait()
	}
}
