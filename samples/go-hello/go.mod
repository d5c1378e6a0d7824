module github.com/shipshape/samples/go-hello

go 1.22
