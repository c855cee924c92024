// Command pulumi-language-nodejs is a stand-in for Pulumi's Node.js language host, used only by the
// engine test suite (test/engine).
//
// Why a stand-in: the Go module proxy refuses the real host's module
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@v3.248.0 answers
// "403 Forbidden: This module version is not available"), and the sdk/v3 module zip does not carry
// its Go source. Everything else stays real: the engine (pulumi CLI built from the proxy), the
// Node.js SDK runtime (@pulumi/pulumi's own cmd/run, cmd/run-policy-pack), resource hooks, dynamic
// providers. This host does what the real one does for a program run: it launches
// `node <@pulumi/pulumi/cmd/run> --monitor ... <program>` with PULUMI_CONFIG and
// PULUMI_CONFIG_SECRET_KEYS in the environment, maps exit code 32 to "bail" (the SDK has already
// reported the error), and runs policy packs through cmd/run-policy-pack (RunPlugin). Dependency
// discovery and installation are not needed here: plugins are ambient (on PATH).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// The SDK exits with this code once it has logged a user-actionable error (cmd/run/index.ts).
const exitAfterLoggedError = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

func main() {
	args := os.Args[1:]
	var engineAddress string
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			engineAddress = a
		}
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, &host{engineAddress: engineAddress})
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "could not start language host: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "language host stopped: %v\n", err)
		os.Exit(1)
	}
}

func (h *host) Handshake(_ context.Context, req *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.engineAddress = req.GetEngineAddress()
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: "3.248.0"}, nil
}

// Plugins are ambient (PATH) in the test environment; the engine loads each provider when the
// program first registers one of its resources.
func (h *host) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *host) InstallDependencies(*pulumirpc.InstallDependenciesRequest, grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse]) error {
	return nil
}

func (h *host) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, _ := exec.LookPath("node")
	return &pulumirpc.AboutResponse{Executable: node}, nil
}

func (h *host) GetProgramDependencies(context.Context, *pulumirpc.GetProgramDependenciesRequest) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

// resolveFrom finds a module of @pulumi/pulumi as Node would from dir (the program's own copy).
func resolveFrom(dir, module string) (string, error) {
	cmd := exec.Command("node", "-e", "process.stdout.write(require.resolve(process.argv[1]))", module)
	cmd.Dir = dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("cannot resolve %s from %s (is @pulumi/pulumi installed?): %v %s", module, dir, err, errOut.String())
	}
	return out.String(), nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	programDir := req.GetPwd()
	entry := "."
	root := programDir
	if info != nil {
		programDir = info.GetProgramDirectory()
		root = info.GetRootDirectory()
		if e := info.GetEntryPoint(); e != "" {
			entry = e
		}
	}
	runPath, err := resolveFrom(programDir, "@pulumi/pulumi/cmd/run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	args := []string{runPath}
	add := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k, v)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", h.engineAddress)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("stack", req.GetStack())
	add("pwd", req.GetPwd())
	add("root-directory", root)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	add("parallel", strconv.Itoa(int(req.GetParallel())))
	program := entry
	if !filepath.IsAbs(program) {
		program = filepath.Join(programDir, entry)
	}
	args = append(args, program)
	args = append(args, req.GetArgs()...)

	config, err := json.Marshal(req.GetConfig())
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secrets, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secrets),
	)
	if os.Getenv("PULUMI_NODEJS_TYPESCRIPT") == "" {
		// The real host's default for the `typescript` runtime option.
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = programDir
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == exitAfterLoggedError {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode())}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Problem executing program (could not run language executor): %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// streamWriter forwards a child's output to the engine as RunPlugin responses.
type streamWriter struct {
	mu     *sync.Mutex
	server grpc.ServerStreamingServer[pulumirpc.RunPluginResponse]
	stderr bool
}

func (w streamWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	b := append([]byte(nil), p...)
	var resp *pulumirpc.RunPluginResponse
	if w.stderr {
		resp = &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}}
	} else {
		resp = &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}}
	}
	if err := w.server.Send(resp); err != nil {
		return 0, err
	}
	return len(p), nil
}

// RunPlugin runs a Node.js plugin from source: policy packs (cmd/run-policy-pack) and providers
// (cmd/run-plugin), as the real host does.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server grpc.ServerStreamingServer[pulumirpc.RunPluginResponse]) error {
	dir := req.GetPwd()
	program := req.GetProgram()
	if info := req.GetInfo(); info != nil {
		dir = info.GetProgramDirectory()
		if program == "" {
			program = info.GetProgramDirectory()
		}
	}
	runner := "@pulumi/pulumi/cmd/run-plugin"
	if req.GetKind() == "analyzer" {
		runner = "@pulumi/pulumi/cmd/run-policy-pack"
	}
	runPath, err := resolveFrom(dir, runner)
	if err != nil {
		return err
	}
	// cmd/run-plugin takes the program first, then the engine's arguments; cmd/run-policy-pack
	// takes "<engine-address> <program>" (its usage line), and the engine's only argument is the
	// address (NewPolicyAnalyzer), so the pack's directory goes last.
	args := append([]string{runPath, program}, req.GetArgs()...)
	if req.GetKind() == "analyzer" {
		args = append(append([]string{runPath}, req.GetArgs()...), program)
	}
	cmd := exec.CommandContext(server.Context(), "node", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), req.GetEnv()...)
	var mu sync.Mutex
	cmd.Stdout = io.Writer(streamWriter{mu: &mu, server: server})
	cmd.Stderr = io.Writer(streamWriter{mu: &mu, server: server, stderr: true})
	code := int32(0)
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return err
		}
		code = int32(exitErr.ExitCode())
	}
	return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: code}})
}
