// Reads a SPIRE config file the way spire-server / spire-agent run does:
// with -expandEnv, os.ExpandEnv over the whole text, then hcl (v1) Decode.
// Prints the decoded tree as JSON, and the sql DataStore's plugin_data
// decoded into the field types SPIRE declares for it
// (spiffe/spire pkg/server/datastore/sqlcommon/config.go), so a key with the
// wrong type fails here as it would in SPIRE.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/hashicorp/hcl"
)

type sqlConfig struct {
	DatabaseType       string  `hcl:"database_type"`
	ConnectionString   string  `hcl:"connection_string"`
	RoConnectionString string  `hcl:"ro_connection_string"`
	RootCAPath         string  `hcl:"root_ca_path"`
	ClientCertPath     string  `hcl:"client_cert_path"`
	ClientKeyPath      string  `hcl:"client_key_path"`
	ConnMaxLifetime    *string `hcl:"conn_max_lifetime"`
	MaxOpenConns       *int    `hcl:"max_open_conns"`
	MaxIdleConns       *int    `hcl:"max_idle_conns"`
}

type pluginBlock struct {
	PluginData interface{} `hcl:"plugin_data"`
}

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail(err)
	}
	text := os.ExpandEnv(string(data))
	var tree map[string]interface{}
	if err := hcl.Decode(&tree, text); err != nil {
		fail(err)
	}
	out := map[string]interface{}{"expanded": text, "tree": tree}

	// The sql DataStore's plugin_data decoded into SPIRE's field types.
	var typed struct {
		Plugins struct {
			DataStore []map[string]struct {
				PluginData sqlConfig `hcl:"plugin_data"`
			} `hcl:"DataStore"`
		} `hcl:"plugins"`
	}
	if err := hcl.Decode(&typed, text); err != nil {
		fail(fmt.Errorf("typed decode: %w", err))
	}
	for _, entry := range typed.Plugins.DataStore {
		if sql, ok := entry["sql"]; ok {
			out["sql"] = sql.PluginData
		}
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(out); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
