package sms_test

import (
	"context"
	"fmt"

	"github.com/purnajual/purna/internal/sms"
)

func ExampleParseURL() {
	cfg, err := sms.ParseURL("https://USER:PASS@sms.example.ro/api/send?format=form&to_field=msisdn&from=Magazin&strip_plus=true")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.URL, cfg.Format, cfg.Auth, cfg.ToField, cfg.TextField, cfg.From)

	_, err = sms.ParseURL("https://TOKEN@gateway.example/send?format=xml")
	fmt.Println(err)
	// Output:
	// https://sms.example.ro/api/send form basic msisdn text Magazin
	// PURNA_SMS_URL format="xml": want json or form
}

func ExampleSegments() {
	fmt.Println(sms.Segments("Halo Budi, pesanan Anda sudah dikirim."))
	fmt.Println(sms.Segments("Comanda ta a fost expediată și va ajunge mâine. Mulțumim că ai cumpărat de la noi!"))
	// Output:
	// 1
	// 2
}

func ExampleClient_Send() {
	cfg, err := sms.ParseURL("https://TOKEN@api.gateway.example/v1/send?from=TokoBudi&id_field=data.message_id")
	if err != nil {
		return
	}
	client, err := sms.New(cfg)
	if err != nil {
		return
	}
	id, err := client.Send(context.Background(), sms.Message{
		ID: "01JZ5Q7ZP3MZ8XK0Y2V9R4T6WA", To: "+6281234567890", Text: "Pesanan Anda sudah dikirim.",
	})
	if sms.IsPermanent(err) {
		// mark the message failed
	}
	_ = id
}
