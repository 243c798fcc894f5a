package desk

// What the database holds: records of the store's own, apart from the types the pages and
// the engine use, so that changing a page never changes the file format; and the schema
// version with the ordered migrations that bring an older database up to it (as wtf does).

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/nianbao/nianbao/internal/check"
	bolt "go.etcd.io/bbolt"
)

// schemaKey holds the database's schema version in the meta bucket: the number of
// migrations applied. A database without it is version 0, as the desk wrote it before
// versions were kept.
var schemaKey = []byte("schema")

// migrations bring the database from version i to i+1, in order, each in the transaction
// that records the new version. Append only: never change or reorder a migration.
var migrations = []func(tx *bolt.Tx) error{
	// 1: the current submission is named by its seq, so that a refused upload can be kept
	// in the history without becoming current. Every earlier upload was accepted: the
	// latest is current.
	func(tx *bolt.Tx) error {
		return rewrite(tx.Bucket(bucketAgencies), func(a *agencyRecord) bool {
			a.Current = a.Subs
			return true
		})
	},
	// 2: a check without findings was stored as 通过, which now reads 检查通过 everywhere
	// (check.Outcome), so that an old submission keeps its colour and its words.
	func(tx *bolt.Tx) error {
		return rewrite(tx.Bucket(bucketSubs), func(s *submissionRecord) bool {
			if s.Inspection.State != "通过" {
				return false
			}
			s.Inspection.State = check.Pass.String()
			return true
		})
	},
}

// rewrite applies change to every record of b, storing those it changed. The records are
// read first and written after: bbolt forbids changing a bucket inside its ForEach.
func rewrite[R any](b *bolt.Bucket, change func(*R) bool) error {
	changed := map[string]R{}
	err := b.ForEach(func(k, v []byte) error {
		var r R
		if err := decode(k, v, &r); err != nil {
			return err
		}
		if change(&r) {
			changed[string(k)] = r
		}
		return nil
	})
	if err != nil {
		return err
	}
	for k, r := range changed {
		if err := put(b, []byte(k), r); err != nil {
			return err
		}
	}
	return nil
}

// schemaVersion is the version this desk writes.
func schemaVersion() uint64 { return uint64(len(migrations)) }

// migrate applies the migrations the database lacks, refusing one of a newer version.
func migrate(tx *bolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	var have uint64
	if v := meta.Get(schemaKey); v != nil {
		if len(v) != 8 {
			return fmt.Errorf("schema version: %w", ErrCorrupt)
		}
		have = binary.BigEndian.Uint64(v)
	}
	if have > schemaVersion() {
		return fmt.Errorf("schema %d, this desk knows %d: %w", have, schemaVersion(), ErrNewerSchema)
	}
	for i := have; i < schemaVersion(); i++ {
		if err := migrations[i](tx); err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	return meta.Put(schemaKey, binary.BigEndian.AppendUint64(nil, schemaVersion()))
}

// The records. Field names are the JSON keys of version 0, which embedded the desk's own
// types; they must not change without a migration.

type settingsRecord struct {
	Year            int
	Edition         string
	Deadline        string
	Contact         string
	Owner           string
	RequireApproval bool `json:",omitempty"`
}

type agencyRecord struct {
	ID      int
	Name    string
	Former  []string `json:",omitempty"`
	Gen     int
	Revoked bool
	Removed bool
	Subs    int
	Current int
	Review  reviewRecord
}

type reviewRecord struct {
	Seq      int
	Decision string
}

type submissionRecord struct {
	Agency     int
	Seq        int
	Hash       string
	Size       int64
	Name       string
	Time       time.Time
	Refused    string `json:",omitempty"`
	Acceptable bool   `json:",omitempty"`
	ByHand     bool   `json:",omitempty"`
	Inspection inspectionRecord
}

type inspectionRecord struct {
	Imported string `json:",omitempty"`
	State    string
	Agency   string
	Year     int
	Findings []findingRecord
	Errors   int
	Warnings int
}

type findingRecord struct {
	Error       bool
	Rule        string
	Message     string
	Place       string
	Explanation string
}

type noteRecord struct {
	Seq      int
	Time     time.Time
	Decision string
	Text     string
}

func (r settingsRecord) settings() Settings { return Settings(r) }

func settingsToRecord(s Settings) settingsRecord { return settingsRecord(s) }

func (r agencyRecord) agency() Agency {
	return Agency{ID: r.ID, Name: r.Name, Former: r.Former, Gen: r.Gen, Revoked: r.Revoked, Removed: r.Removed,
		Subs: r.Subs, Current: r.Current, Review: Review(r.Review)}
}

func agencyToRecord(a Agency) agencyRecord {
	return agencyRecord{ID: a.ID, Name: a.Name, Former: a.Former, Gen: a.Gen, Revoked: a.Revoked, Removed: a.Removed,
		Subs: a.Subs, Current: a.Current, Review: reviewRecord(a.Review)}
}

func (r submissionRecord) submission() Submission {
	in := Inspection{Imported: r.Inspection.Imported, State: State(r.Inspection.State), Agency: r.Inspection.Agency, Year: r.Inspection.Year,
		Errors: r.Inspection.Errors, Warnings: r.Inspection.Warnings}
	for _, f := range r.Inspection.Findings {
		in.Findings = append(in.Findings, Finding(f))
	}
	return Submission{Agency: r.Agency, Seq: r.Seq, Hash: r.Hash, Size: r.Size, Name: r.Name, Time: r.Time,
		Refused: r.Refused, Acceptable: r.Acceptable, ByHand: r.ByHand, Inspection: in}
}

func submissionToRecord(s Submission) submissionRecord {
	in := inspectionRecord{Imported: s.Inspection.Imported, State: string(s.Inspection.State), Agency: s.Inspection.Agency, Year: s.Inspection.Year,
		Errors: s.Inspection.Errors, Warnings: s.Inspection.Warnings}
	for _, f := range s.Inspection.Findings {
		in.Findings = append(in.Findings, findingRecord(f))
	}
	return submissionRecord{Agency: s.Agency, Seq: s.Seq, Hash: s.Hash, Size: s.Size, Name: s.Name, Time: s.Time,
		Refused: s.Refused, Acceptable: s.Acceptable, ByHand: s.ByHand, Inspection: in}
}

func (r noteRecord) note() Note { return Note(r) }

func put(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

// decode decodes a record; one that cannot be decoded is ErrCorrupt, naming its key.
func decode(key, data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("record %x: %w (%v)", key, ErrCorrupt, err)
	}
	return nil
}

// get reads a record: ErrNotFound when there is none, ErrCorrupt when it cannot be decoded.
func get(b *bolt.Bucket, key []byte, v any) error {
	data := b.Get(key)
	if data == nil {
		return fmt.Errorf("record %x: %w", key, ErrNotFound)
	}
	return decode(key, data, v)
}
