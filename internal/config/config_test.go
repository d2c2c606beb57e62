package config_test

import (
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna/internal/config"
)

func TestLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string // a substring: the variable to fix
		check   func(t *testing.T, c config.Config)
	}{
		{name: "Defaults", check: func(t *testing.T, c config.Config) {
			if c.Addr != "127.0.0.1:8080" || c.DatabaseTarget() != "data/purna.db" || c.BaseURL != "http://127.0.0.1:8080" {
				t.Errorf("defaults: %+v", c)
			}
		}},
		{name: "Postgres", env: map[string]string{"PURNA_DATABASE_URL": "postgres://u@h/db", "PURNA_SHUTDOWN_TIMEOUT": "5s"},
			check: func(t *testing.T, c config.Config) {
				if c.DatabaseTarget() != "postgres://u@h/db" || c.ShutdownTimeout != 5*time.Second {
					t.Errorf("got %+v", c)
				}
			}},
		{name: "BadDatabaseURL", env: map[string]string{"PURNA_DATABASE_URL": "mysql://root:secret@h/db"}, wantErr: "PURNA_DATABASE_URL"},
		{name: "BadWorkers", env: map[string]string{"PURNA_WORKERS": "many"}, wantErr: "PURNA_WORKERS"},
		{name: "ZeroWorkers", env: map[string]string{"PURNA_WORKERS": "0"}, wantErr: "PURNA_WORKERS"},
		{name: "BadAddr", env: map[string]string{"PURNA_ADDR": "8080"}, wantErr: "PURNA_ADDR"},
		{name: "BadLevel", env: map[string]string{"PURNA_LOG_LEVEL": "loud"}, wantErr: "PURNA_LOG_LEVEL"},
		{name: "BadTimeout", env: map[string]string{"PURNA_SHUTDOWN_TIMEOUT": "soon"}, wantErr: "PURNA_SHUTDOWN_TIMEOUT"},
		{name: "BadBaseURL", env: map[string]string{"PURNA_BASE_URL": "shop.example"}, wantErr: "PURNA_BASE_URL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := config.Load(func(k string) string { return tc.env[k] })
			if err == nil {
				err = c.Validate()
			}
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one naming %s", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "secret") {
					t.Errorf("error leaks the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, c)
		})
	}
}
